package io.github.modelbudget.cli;

import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.ExecutionPlan;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import io.github.modelbudget.harness.runtime.TensorSpec;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Measures a model's latency the way TFLite's {@code benchmark_model} does. */
final class LatencyProbe {

  private LatencyProbe() {}

  /**
   * One model's benchmark.
   *
   * @param model the model's name
   * @param threads interpreter threads
   * @param xnnpack whether XNNPACK was applied
   * @param batch samples per invocation
   * @param initMillis load, interpreter build and first allocation
   * @param firstInferenceMicros the first invocation
   * @param warmupRuns untimed runs after the first
   * @param latency the timed runs, in nanoseconds
   * @param plan how many of the model's operators the delegate (XNNPACK) took
   */
  record Benchmark(
      String model,
      int threads,
      boolean xnnpack,
      int batch,
      double initMillis,
      double firstInferenceMicros,
      int warmupRuns,
      LatencyStats latency,
      ExecutionPlan plan) {}

  /**
   * Loads the model, opens a session (init time), runs the first inference, the warm-up runs and
   * the timed runs.
   *
   * @param randomSeed the seed of uniform random inputs in [0, 1); empty for zeros
   */
  static Benchmark measure(
      TfliteModel model,
      SessionOptions options,
      int batch,
      int warmup,
      int runs,
      OptionalLong randomSeed) {
    long start = System.nanoTime();
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession(options)) {
      session.resizeBatch(batch);
      List<TensorSpec> specs = session.inputs();
      long init = System.nanoTime() - start;
      SplittableRandom random = new SplittableRandom(randomSeed.orElse(0L));
      for (int i = 0; i < specs.size(); i++) {
        float[] values = new float[specs.get(i).elementCount()];
        if (randomSeed.isPresent()) {
          for (int v = 0; v < values.length; v++) {
            values[v] = (float) random.nextDouble();
          }
        }
        session.setInput(i, values);
      }
      long first = session.invoke();
      for (int i = 0; i < warmup; i++) {
        session.invoke();
      }
      long[] nanos = new long[runs];
      for (int i = 0; i < runs; i++) {
        nanos[i] = session.invoke();
      }
      return new Benchmark(
          model.name(),
          options.threads(),
          options.xnnpack(),
          batch,
          init / 1e6,
          first / 1e3,
          warmup,
          LatencyStats.of(nanos),
          session.executionPlan());
    }
  }
}
