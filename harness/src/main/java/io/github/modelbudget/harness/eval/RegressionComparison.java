package io.github.modelbudget.harness.eval;

import java.util.Arrays;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

/**
 * A regression variant paired with its baseline on the same samples: how much each error moved, and
 * whether the move of the per-sample absolute errors is statistically real.
 *
 * <p>The paired test is the two-sided Wilcoxon signed-rank test on the differences of the
 * per-sample absolute errors (variant minus baseline; each sample's error is the mean over its
 * outputs), from Apache Commons Statistics with its default choice of exact or asymptotic p-value.
 * It plays the role McNemar's test plays for accuracy: a {@code significantDropsOnly} budget fails
 * on an increase only when {@code p < alpha}. Samples whose errors are equal carry no information
 * and are dropped, as the test prescribes; when every sample's error is equal the p-value is 1.
 *
 * <p>Agreement for regression (see {@link Comparison#agreementCount()}) counts the samples whose
 * every output is within {@link #agreementTolerance()} of the baseline's: {@value
 * #AGREEMENT_TOLERANCE_FRACTION} of the range of the targets (all outputs together), or of 1 when
 * the targets are all equal. Relative to the range, the tolerance means the same for data in any
 * unit.
 *
 * @param baselineMae the baseline's mean absolute error
 * @param variantMae the variant's
 * @param baselineRmse the baseline's root mean squared error
 * @param variantRmse the variant's
 * @param baselineMaxError the baseline's largest absolute error
 * @param variantMaxError the variant's
 * @param wilcoxonP the two-sided Wilcoxon signed-rank p-value of the paired absolute errors
 * @param agreementTolerance the largest difference from the baseline's output that still agrees
 */
public record RegressionComparison(
    double baselineMae,
    double variantMae,
    double baselineRmse,
    double variantRmse,
    double baselineMaxError,
    double variantMaxError,
    double wilcoxonP,
    double agreementTolerance) {

  /** The agreement tolerance as a fraction of the targets' range. */
  public static final double AGREEMENT_TOLERANCE_FRACTION = 0.01;

  /**
   * Returns the variant's MAE minus the baseline's.
   *
   * @return the increase; negative when the variant is better
   */
  public double maeIncrease() {
    return variantMae - baselineMae;
  }

  /**
   * Returns the MAE increase divided by the baseline's MAE.
   *
   * @return the relative increase; infinite if the baseline is exact and the variant is not
   */
  public double relativeMaeIncrease() {
    return relative(maeIncrease(), baselineMae);
  }

  /**
   * Returns the variant's RMSE minus the baseline's.
   *
   * @return the increase
   */
  public double rmseIncrease() {
    return variantRmse - baselineRmse;
  }

  /**
   * Returns the RMSE increase divided by the baseline's RMSE.
   *
   * @return the relative increase
   */
  public double relativeRmseIncrease() {
    return relative(rmseIncrease(), baselineRmse);
  }

  /**
   * Returns the variant's largest absolute error minus the baseline's.
   *
   * @return the increase
   */
  public double maxErrorIncrease() {
    return variantMaxError - baselineMaxError;
  }

  /**
   * Returns the max-error increase divided by the baseline's largest error.
   *
   * @return the relative increase
   */
  public double relativeMaxErrorIncrease() {
    return relative(maxErrorIncrease(), baselineMaxError);
  }

  /**
   * Tells whether the change of the per-sample errors is significant at a level.
   *
   * @param alpha the significance level, e.g. 0.05
   * @return {@code true} if {@link #wilcoxonP()} is below {@code alpha}
   */
  public boolean significantAt(double alpha) {
    return wilcoxonP < alpha;
  }

  /** Pairs two regression results; the caller has checked that they share their samples. */
  static RegressionComparison of(EvaluationResult baseline, EvaluationResult variant) {
    RegressionMetrics base = baseline.regression().orElseThrow();
    RegressionMetrics other = variant.regression().orElseThrow();
    return new RegressionComparison(
        base.mae(),
        other.mae(),
        base.rmse(),
        other.rmse(),
        base.maxAbsError(),
        other.maxAbsError(),
        wilcoxon(baseline.sampleErrors(), variant.sampleErrors()),
        tolerance(baseline.targetValues()));
  }

  /** The two-sided signed-rank p-value of {@code variant − baseline}; 1 when nothing differs. */
  static double wilcoxon(double[] baseline, double[] variant) {
    double[] differences = new double[baseline.length];
    int kept = 0;
    for (int i = 0; i < baseline.length; i++) {
      double d = variant[i] - baseline[i];
      if (Double.isNaN(d)) {
        // Both infinite: the same (useless) output on this sample.
        continue;
      }
      if (Double.isInfinite(d)) {
        d = Math.copySign(Double.MAX_VALUE, d);
      }
      if (d != 0) {
        differences[kept++] = d;
      }
    }
    if (kept == 0) {
      return 1;
    }
    return WilcoxonSignedRankTest.withDefaults().test(Arrays.copyOf(differences, kept)).getPValue();
  }

  static double tolerance(float[] targets) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float t : targets) {
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    double range = max > min ? max - min : 1;
    return AGREEMENT_TOLERANCE_FRACTION * range;
  }

  private static double relative(double increase, double base) {
    if (base == 0) {
      return increase == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, increase);
    }
    return increase / base;
  }
}
