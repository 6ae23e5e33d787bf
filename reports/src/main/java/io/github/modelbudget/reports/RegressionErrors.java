package io.github.modelbudget.reports;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.RegressionComparison;
import io.github.modelbudget.harness.eval.RegressionMetrics;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A regression variant's errors in the comparison table, next to the baseline's.
 *
 * @param mae the mean absolute error
 * @param maeLower the lower bound of its 95% interval
 * @param maeUpper the upper bound of its 95% interval
 * @param rmse the root mean squared error
 * @param maxAbsError the largest absolute error
 * @param r2 R², if defined
 * @param maeIncrease the MAE minus the baseline's; empty for the baseline
 * @param wilcoxonP the Wilcoxon signed-rank p-value of the paired absolute errors; empty for the
 *     baseline
 * @param significant whether {@code wilcoxonP} is below 0.05; empty for the baseline
 */
public record RegressionErrors(
    double mae,
    double maeLower,
    double maeUpper,
    double rmse,
    double maxAbsError,
    OptionalDouble r2,
    OptionalDouble maeIncrease,
    OptionalDouble wilcoxonP,
    Optional<Boolean> significant) {

  /** Validates. */
  public RegressionErrors {
    Objects.requireNonNull(r2, "r2");
    Objects.requireNonNull(maeIncrease, "maeIncrease");
    Objects.requireNonNull(wilcoxonP, "wilcoxonP");
    Objects.requireNonNull(significant, "significant");
  }

  static RegressionErrors of(RegressionMetrics m, Optional<Comparison> comparison, double alpha) {
    Optional<RegressionComparison> c = comparison.flatMap(Comparison::regression);
    return new RegressionErrors(
        m.mae(),
        m.maeInterval().lower(),
        m.maeInterval().upper(),
        m.rmse(),
        m.maxAbsError(),
        m.r2(),
        c.map(r -> OptionalDouble.of(r.maeIncrease())).orElse(OptionalDouble.empty()),
        c.map(r -> OptionalDouble.of(r.wilcoxonP())).orElse(OptionalDouble.empty()),
        c.map(r -> r.significantAt(alpha)));
  }
}
