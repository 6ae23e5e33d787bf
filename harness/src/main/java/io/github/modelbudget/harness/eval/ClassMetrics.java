package io.github.modelbudget.harness.eval;

import java.util.Objects;

/**
 * Precision, recall and F1 of one class, one-vs-rest. A ratio whose denominator is 0 is 0, as
 * scikit-learn reports it with {@code zero_division=0}.
 *
 * @param className the class's name
 * @param support the number of samples of this class
 * @param predicted the number of samples predicted as this class
 * @param truePositives the samples of this class predicted as this class
 * @param precision {@code truePositives / predicted}
 * @param recall {@code truePositives / support}
 * @param f1 the harmonic mean of precision and recall
 */
public record ClassMetrics(
    String className,
    long support,
    long predicted,
    long truePositives,
    double precision,
    double recall,
    double f1) {

  /** Validates. */
  public ClassMetrics {
    Objects.requireNonNull(className, "className");
  }

  /**
   * Computes the metrics from counts.
   *
   * @param className the class's name
   * @param support the number of samples of the class
   * @param predicted the number of samples predicted as the class
   * @param truePositives the samples both of and predicted as the class
   * @return the metrics
   */
  public static ClassMetrics of(
      String className, long support, long predicted, long truePositives) {
    double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
    double recall = support == 0 ? 0 : (double) truePositives / support;
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new ClassMetrics(className, support, predicted, truePositives, precision, recall, f1);
  }
}
