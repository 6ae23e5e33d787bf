package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.ExecutionPlan;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.TensorSpec;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures a model's latency the way TFLite's {@code benchmark_model} does: init time, the first
 * inference, warm-up runs, then timed runs of the native {@code Invoke}. The one place latency is
 * measured, for {@code bench}, {@code check --latency}, the demo and {@code @ModelBudget}'s latency
 * limits.
 */
public final class LatencyProbe {

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
   * @param latency the timed runs, in nanoseconds, with their settings
   * @param plan how many of the model's operators the delegate (XNNPACK) took
   */
  public record Benchmark(
      String model,
      int threads,
      boolean xnnpack,
      int batch,
      double initMillis,
      double firstInferenceMicros,
      int warmupRuns,
      LatencyStats latency,
      ExecutionPlan plan) {}

  private LatencyProbe() {}

  /**
   * Loads the model in this process, opens a session (init time), runs the first inference, the
   * warm-up runs and the timed runs.
   *
   * @param model the model
   * @param settings how to measure
   * @return the benchmark
   * @throws io.github.modelbudget.harness.ModelBudgetException if the runtime cannot run the model
   */
  public static Benchmark measure(TfliteModel model, LatencySettings settings) {
    long start = System.nanoTime();
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession(settings.sessionOptions())) {
      session.resizeBatch(settings.batch());
      List<TensorSpec> specs = session.inputs();
      long init = System.nanoTime() - start;
      SplittableRandom random = new SplittableRandom(settings.inputSeed().orElse(0L));
      for (int i = 0; i < specs.size(); i++) {
        float[] values = new float[specs.get(i).elementCount()];
        if (settings.inputSeed().isPresent()) {
          for (int v = 0; v < values.length; v++) {
            values[v] = (float) random.nextDouble();
          }
        }
        session.setInput(i, values);
      }
      long first = session.invoke();
      for (int i = 0; i < settings.warmupRuns(); i++) {
        session.invoke();
      }
      long[] nanos = new long[settings.runs()];
      for (int i = 0; i < nanos.length; i++) {
        nanos[i] = session.invoke();
      }
      return new Benchmark(
          model.name(),
          settings.threads(),
          settings.xnnpack(),
          settings.batch(),
          init / 1e6,
          first / 1e3,
          settings.warmupRuns(),
          LatencyStats.of(nanos, settings.repetitions()).withSettings(settings),
          session.executionPlan());
    }
  }
}
