package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The evaluator's overhead over the interpreter's {@code invoke} alone, in CPU time of the calling
 * thread per sample, for a shared machine where {@link EvaluatorBenchmark}'s wall-clock figures
 * drown in the load: a thread's CPU time barely depends on how many other processes wait for the
 * cores. A one-thread evaluator runs on the calling thread, so its whole evaluation (sessions,
 * batches, metrics) is measured. Three strategies alternate {@code rounds} times on the seed CNN's
 * {@value EvaluatorBenchmark#SAMPLES} images: {@code invoke} alone on one batch set once (the
 * baseline), the evaluator's own loop written out (copy a batch from the dataset straight into the
 * input tensor, invoke, copy the outputs out), and {@link Evaluator#evaluate}; the median of the
 * last three quarters is printed.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.modelbudget.benchmarks.EvaluatorOverhead 32 40} (batch size, rounds).
 */
public final class EvaluatorOverhead {

  private EvaluatorOverhead() {}

  /**
   * Measures and prints one line per strategy.
   *
   * @param args the batch size (default 32) and the number of rounds (default 40)
   */
  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int samples = EvaluatorBenchmark.SAMPLES / batch * batch;
    Dataset images = SeedCnn.images(samples, 42L);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    try (LoadedModel loaded = InferenceBackend.tflite().load(SeedCnn.model(7L));
        Session fixed = loaded.openSession(SessionOptions.defaults());
        Session loop = loaded.openSession(SessionOptions.defaults())) {
      fixed.resizeBatch(batch);
      fixed.setInput(0, images.features(0, batch));
      loop.resizeBatch(batch);
      Evaluator evaluator = Evaluator.defaults().withBatchSize(batch);
      float[] outputs = new float[samples];
      Runnable[] strategies = {
        () -> {
          for (int b = 0; b < samples / batch; b++) {
            fixed.invoke();
          }
        },
        () -> {
          for (int b = 0; b < samples / batch; b++) {
            int from = b * batch;
            loop.writeInput(
                0, batch * images.sampleSize(), in -> images.copyFeatures(from, from + batch, in));
            loop.invoke();
            System.arraycopy(loop.output(0), 0, outputs, from, batch);
          }
        },
        () -> evaluator.evaluate(loaded, images)
      };
      String[] names = {"native invoke only", "copy in, invoke, copy out", "evaluator, 1 thread"};
      long[][] nanos = new long[strategies.length][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int s = 0; s < strategies.length; s++) {
          long start = cpu.getCurrentThreadCpuTime();
          strategies[s].run();
          nanos[s][r] = cpu.getCurrentThreadCpuTime() - start;
        }
      }
      double baseline = 0;
      for (int s = 0; s < strategies.length; s++) {
        long[] measured = Arrays.copyOfRange(nanos[s], rounds / 4, rounds);
        Arrays.sort(measured);
        double perSample = measured[measured.length / 2] / 1e3 / samples;
        baseline = s == 0 ? perSample : baseline;
        System.out.printf(
            Locale.ROOT,
            "batch %d, %-26s %.3f µs CPU a sample (%+.1f%%)%n",
            batch,
            names[s],
            perSample,
            100 * (perSample - baseline) / baseline);
      }
    }
  }
}
