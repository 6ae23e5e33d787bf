package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
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
 * Throughput of predicting {@value #SAMPLES} images with the seed CNN, in samples per second, for
 * each {@link Strategy}: the per-sample loop of the experiment's Python (the baseline) and the
 * harness's {@link Evaluator} with one and two worker threads.
 *
 * <p>What to expect: TFLite's per-invocation overhead is well under a microsecond while this CNN
 * spends tens of microseconds per image in its convolutions, so batching gains little here and
 * large batches can even lose to the loop (their activations no longer fit in cache); the
 * evaluator's speed-up over the loop comes from its worker threads, at most about 2× on two free
 * cores. Batch size 1 versus 32 shows the effect. The loop ignores {@code batchSize}, so it is
 * measured twice, which also shows the run-to-run noise.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EvaluatorBenchmark {

  /** The number of images per operation. */
  public static final int SAMPLES = 10_000;

  /** How the images are run through the model. */
  public enum Strategy {
    /** One session, one invocation per image: the baseline. */
    PER_SAMPLE_LOOP(0),
    /** The evaluator with one worker thread. */
    EVALUATOR_1_THREAD(1),
    /** The evaluator with two worker threads, each with its own session. */
    EVALUATOR_2_THREADS(2);

    private final int threads;

    Strategy(int threads) {
      this.threads = threads;
    }
  }

  /** The strategy measured. */
  @Param public Strategy strategy;

  /** Samples per batch of the evaluator (the loop always runs batches of one). */
  @Param({"1", "32"})
  public int batchSize;

  private Dataset dataset;
  private LoadedModel loaded;
  private Session loopSession;
  private Evaluator evaluator;

  /** Builds the model and the images, and opens the loop's session once, as the Python does. */
  @Setup(Level.Trial)
  public void setUp() {
    dataset = SeedCnn.images(SAMPLES, 42L);
    loaded = InferenceBackend.tflite().load(SeedCnn.model(7L));
    loopSession = loaded.openSession(SessionOptions.defaults());
    evaluator =
        Evaluator.defaults().withThreads(Math.max(1, strategy.threads)).withBatchSize(batchSize);
  }

  /** Releases the native memory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    loopSession.close();
    loaded.close();
  }

  /**
   * Predicts every image with the strategy. The evaluator opens its sessions on every call, as in
   * real use, so their cost is included; it also computes all metrics.
   *
   * @return the number of images predicted as class 1, so the work cannot be eliminated
   */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public long predict() {
    int[] predictions =
        strategy == Strategy.PER_SAMPLE_LOOP
            ? PerSampleLoop.predict(loopSession, dataset, 0.5)
            : evaluator.evaluate(loaded, dataset).predictions();
    long ones = 0;
    for (int p : predictions) {
      ones += p;
    }
    return ones;
  }
}
