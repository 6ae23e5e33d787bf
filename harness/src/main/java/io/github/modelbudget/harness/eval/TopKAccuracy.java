package io.github.modelbudget.harness.eval;

/**
 * How often the true class is among a model's {@code k} highest scores.
 *
 * <p>Ties count in the true class's favour: a sample is a top-k hit when fewer than {@code k}
 * classes score strictly higher than its true class (a NaN score ranks below every number, and a
 * true class scored NaN ranks last). So top-1 accuracy can exceed {@link
 * EvaluationResult#accuracy()} when scores tie, and it ignores the sigmoid threshold.
 *
 * @param k how many of the highest scores count, at least 1
 * @param correct the samples whose true class is among them
 * @param samples the number of samples, at least 1
 */
public record TopKAccuracy(int k, long correct, long samples) {

  /** Validates. */
  public TopKAccuracy {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1 but was " + k);
    }
    if (samples < 1 || correct < 0 || correct > samples) {
      throw new IllegalArgumentException(
          "need 0 <= correct <= samples and samples >= 1 but got " + correct + "/" + samples);
    }
  }

  /**
   * Returns the top-k accuracy.
   *
   * @return {@code correct / samples}, in [0, 1]
   */
  public double accuracy() {
    return (double) correct / samples;
  }

  /**
   * Returns the 95% Wilson score interval of the top-k accuracy, as for the accuracy.
   *
   * @return the interval
   */
  public Interval interval() {
    return Statistics.wilson(correct, samples, Statistics.Z_95);
  }
}
