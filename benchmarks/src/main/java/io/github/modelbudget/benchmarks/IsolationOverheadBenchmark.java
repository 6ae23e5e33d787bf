package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of crash isolation: the same evaluation of the seed CNN in process (the baseline) and
 * with {@link IsolatedBackend} (sessions in a child JVM), in microseconds per sample; and the cost
 * of starting a child, as the time to load the model and invoke it once.
 *
 * <p>What to expect: every session call is a round trip over a pipe, so isolated batches of one pay
 * several round trips per image (set input, invoke, read output: tens of microseconds each), which
 * batches of 32 spread over 32 images; the compute itself is the same native code. Starting a child
 * JVM costs a few hundred milliseconds once per model.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IsolationOverhead -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class IsolationOverheadBenchmark {

  /** The number of images per evaluation. */
  public static final int SAMPLES = 2_000;

  /** Where the sessions run. */
  public enum Mode {
    /** In this JVM: the baseline. */
    IN_PROCESS,
    /** In a child JVM, over the isolation protocol. */
    ISOLATED
  }

  /** Where the sessions run. */
  @Param public Mode mode;

  /** Samples per batch of the evaluator. */
  @Param({"1", "32"})
  public int batchSize;

  private Dataset dataset;
  private TfliteModel model;
  private InferenceBackend backend;
  private LoadedModel loaded;
  private Evaluator evaluator;

  /** Builds the model and images and loads the model once (for isolation: starts its child). */
  @Setup(Level.Trial)
  public void setUp() {
    dataset = SeedCnn.images(SAMPLES, 42L);
    model = SeedCnn.model(7L);
    backend = mode == Mode.ISOLATED ? IsolatedBackend.childJvm() : InferenceBackend.tflite();
    loaded = backend.load(model);
    Evaluator inProcess = Evaluator.defaults().withThreads(1).withBatchSize(batchSize);
    evaluator =
        mode == Mode.ISOLATED
            ? IsolatedBackend.isolate(inProcess, (IsolatedBackend) backend)
            : inProcess;
  }

  /** Ends the child and releases the native memory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    loaded.close();
  }

  /**
   * Evaluates every image on the already loaded model (sessions are opened per call, as the
   * evaluator does).
   *
   * @return the number of images predicted as class 1, so the work cannot be eliminated
   */
  @Benchmark
  @BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @OperationsPerInvocation(SAMPLES)
  public long evaluatePerSample() {
    long ones = 0;
    for (int p : evaluator.evaluate(loaded, dataset).predictions()) {
      ones += p;
    }
    return ones;
  }

  /**
   * Loads the model (for isolation: starts a child JVM), opens a session, invokes once and closes
   * everything: the fixed cost per model.
   *
   * @return the first output value
   */
  @Benchmark
  @BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public float loadAndInvokeOnce() {
    try (LoadedModel fresh = backend.load(model);
        Session session = fresh.openSession()) {
      session.setInput(0, new float[session.inputs().get(0).elementCount()]);
      session.invoke();
      return session.output(0)[0];
    }
  }
}
