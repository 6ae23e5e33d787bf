package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The forked JVM of {@link LargerThanHeapEvaluationTest}: loads a {@code .npz} dataset larger than
 * its heap with the default options, evaluates the test's model on it twice (as a baseline and a
 * variant would be), and prints what it measured as {@code key=value} lines; the first samples'
 * outputs go to a file for the test to compare with an in-memory evaluation.
 */
public final class LargerThanHeapChild {

  private LargerThanHeapChild() {}

  /**
   * Runs the evaluation.
   *
   * @param args the {@code .npz} file, the number of leading samples whose outputs to write, and
   *     the file to write them to
   * @throws IOException if the outputs cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    int slice = Integer.parseInt(args[1]);
    Path outputs = Path.of(args[2]);
    Dataset dataset = Datasets.load(data);
    TfliteModel model = LargerThanHeapEvaluationTest.model();
    Evaluator evaluator = Evaluator.defaults().withBatchSize(LargerThanHeapEvaluationTest.BATCH);
    EvaluationResult first = evaluator.evaluate(model, dataset);
    EvaluationResult second = evaluator.evaluate(model, dataset);
    Comparison comparison = Comparison.of(first, second);
    long retained = heapUsedAfterGc();
    System.out.println("mapped=" + !dataset.featuresInMemory());
    System.out.println("samples=" + dataset.size());
    System.out.println("correct=" + first.correctCount());
    System.out.println("agreement=" + comparison.agreement());
    System.out.println("sha256=" + dataset.sha256());
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(outputs))) {
      float[] values = first.outputs();
      for (int i = 0; i < slice * first.outputWidth(); i++) {
        out.writeFloat(values[i]);
      }
      for (int i = 0; i < slice; i++) {
        out.writeInt(first.prediction(i));
      }
    }
    System.out.println("retainedHeapBytes=" + retained + " (two results, dataset, model)");
    System.out.println("peakHeapBytes=" + ForkedJvm.peakHeapBytes());
    System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    System.out.println("secondCorrect=" + second.correctCount());
  }

  private static long heapUsedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
