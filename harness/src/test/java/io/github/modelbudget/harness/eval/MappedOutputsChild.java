package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.data.Dataset;

/**
 * The forked JVM of {@link MappedOutputsTest}: evaluates the 1001-class baseline and variant with
 * the default options on more samples than their outputs fit in its heap, compares them, and prints
 * what it measured as {@code key=value} lines.
 */
public final class MappedOutputsChild {

  private MappedOutputsChild() {}

  /**
   * Runs the evaluation.
   *
   * @param args the number of samples
   */
  public static void main(String[] args) {
    Dataset data = MappedOutputsTest.data(Integer.parseInt(args[0]));
    Evaluator evaluator = Evaluator.defaults().withBatchSize(256);
    EvaluationResult baseline = evaluator.evaluate(MappedOutputsTest.baseline(), data);
    EvaluationResult variant = evaluator.evaluate(MappedOutputsTest.variant(), data);
    Comparison comparison = Comparison.of(baseline, variant);
    System.out.println("mapped=" + (baseline.outputsMapped() && variant.outputsMapped()));
    System.out.println("top5Hits=" + baseline.topK(5).correct());
    System.out.println("agreementCount=" + comparison.agreementCount());
    System.out.println("meanAbsOutputDifference=" + comparison.meanAbsOutputDifference());
    System.out.println("peakHeapBytes=" + ForkedJvm.peakHeapBytes());
    System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
  }
}
