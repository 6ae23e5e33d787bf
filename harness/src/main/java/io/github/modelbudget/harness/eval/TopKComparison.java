package io.github.modelbudget.harness.eval;

/**
 * A variant's top-k accuracy paired with its baseline's on the same samples, with McNemar's exact
 * test on the top-k hits (as {@link Comparison} does for accuracy).
 *
 * @param k how many of the highest scores count
 * @param baseline the baseline's top-k accuracy
 * @param variant the variant's top-k accuracy
 * @param baselineOnlyHits the samples in the baseline's top k but not the variant's ({@code b})
 * @param variantOnlyHits the samples in the variant's top k but not the baseline's ({@code c})
 * @param mcNemarP the exact two-sided McNemar p-value of {@code b} against {@code c}
 */
public record TopKComparison(
    int k,
    TopKAccuracy baseline,
    TopKAccuracy variant,
    long baselineOnlyHits,
    long variantOnlyHits,
    double mcNemarP) {

  /**
   * Returns the baseline's top-k accuracy minus the variant's.
   *
   * @return the drop; negative when the variant is better
   */
  public double drop() {
    return baseline.accuracy() - variant.accuracy();
  }

  /**
   * Tells whether the difference is significant at a level.
   *
   * @param alpha the significance level, e.g. 0.05
   * @return {@code true} if {@link #mcNemarP()} is below {@code alpha}
   */
  public boolean significantAt(double alpha) {
    return mcNemarP < alpha;
  }
}
