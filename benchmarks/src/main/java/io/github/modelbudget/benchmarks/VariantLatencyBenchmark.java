package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
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
 * Latency and throughput of the seed CNN's variants ({@link SeedVariant}: the seed experiment's
 * four, float16 and full int8) in the TFLite runtime, for 1 and 2 interpreter threads with XNNPACK
 * on and off.
 *
 * <ul>
 *   <li>{@link #singleSample()}: one image per invocation, sampled (JMH {@code SampleTime}), so the
 *       JSON result holds a histogram from which {@code modelbudget report --latency} derives
 *       count, mean, std, min, p5, median, p95 and max for each variant.
 *   <li>{@link #batched()}: {@value #BATCH} images per invocation, in images per second.
 * </ul>
 *
 * <p>The baseline to compare with is {@link SeedVariant#BASELINE} at the same settings. What to
 * expect: int8 weights shrink the file but hybrid kernels quantize activations on every call, so on
 * a network this small the quantized variants need not be faster; pruning alone changes no shapes
 * and therefore no latency, since TFLite runs dense kernels over the zeros. Float16 weights are
 * expanded to float once (XNNPACK packs them as float when it takes the graph; TFLite's {@code
 * DEQUANTIZE} keeps its result for a constant input), so float16 runs as the baseline does. Full
 * int8 runs integer kernels end to end, with no activation quantized on the fly, and is the
 * fastest, one image or a batch, with XNNPACK and without it. A second thread helps the batched
 * case more than the single image.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar VariantLatency -rf json -rff
 * latency.json}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class VariantLatencyBenchmark {

  /** Images per invocation of {@link #batched()}. */
  public static final int BATCH = 32;

  /** The variant measured. */
  @Param public SeedVariant variant;

  /** The interpreter's threads. */
  @Param({"1", "2"})
  public int threads;

  /** Whether the XNNPACK delegate is applied. */
  @Param({"true", "false"})
  public boolean xnnpack;

  private LoadedModel loaded;
  private Session single;
  private Session batch;

  /** Builds the variant, opens a session of batch 1 and one of {@value #BATCH}, sets the inputs. */
  @Setup(Level.Trial)
  public void setUp() {
    loaded = InferenceBackend.tflite().load(variant.build(7L));
    SessionOptions options = SessionOptions.defaults().withThreads(threads).withXnnpack(xnnpack);
    Dataset images = SeedCnn.images(BATCH, 42L);
    single = loaded.openSession(options);
    single.resizeBatch(1);
    single.setInput(0, images.features(0, 1));
    batch = loaded.openSession(options);
    batch.resizeBatch(BATCH);
    batch.setInput(0, images.features(0, BATCH));
  }

  /** Releases the native memory. */
  @TearDown(Level.Trial)
  public void tearDown() {
    single.close();
    batch.close();
    loaded.close();
  }

  /**
   * Runs one image through the model.
   *
   * @return the native invoke time, so the call cannot be eliminated
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long singleSample() {
    return single.invoke();
  }

  /**
   * Runs a batch of {@value #BATCH} images through the model.
   *
   * @return the native invoke time
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public long batched() {
    return batch.invoke();
  }
}
