package io.github.modelbudget.harness.budget;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.eval.RegressionMetrics;
import io.github.modelbudget.harness.eval.TopKCounts;
import io.github.modelbudget.harness.format.ModelSizes;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What was measured of one variant, for {@link BudgetCheck}. A metric that was not measured is
 * empty, and a limit on it is a violation.
 *
 * @param variant the variant's name
 * @param accuracy its accuracy
 * @param comparison its comparison with the baseline
 * @param sizes its sizes
 * @param baselineSizes the baseline's sizes, for the size reduction
 * @param nonzeroParameters its count of nonzero parameters
 * @param latency its latency
 * @param baseline whether the variant is the baseline itself, to which limits relative to the
 *     baseline do not apply
 * @param topKCounts its top-k hits for every {@code k}
 * @param regression its regression errors, for a regression model
 */
public record Measurements(
    String variant,
    OptionalDouble accuracy,
    Optional<Comparison> comparison,
    Optional<ModelSizes> sizes,
    Optional<ModelSizes> baselineSizes,
    OptionalLong nonzeroParameters,
    Optional<LatencyStats> latency,
    boolean baseline,
    Optional<TopKCounts> topKCounts,
    Optional<RegressionMetrics> regression) {

  /** Validates. */
  public Measurements {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(accuracy, "accuracy");
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(sizes, "sizes");
    Objects.requireNonNull(baselineSizes, "baselineSizes");
    Objects.requireNonNull(nonzeroParameters, "nonzeroParameters");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(topKCounts, "topKCounts");
    Objects.requireNonNull(regression, "regression");
  }

  /**
   * Starts with nothing measured.
   *
   * @param variant the variant's name
   * @return empty measurements
   */
  public static Measurements of(String variant) {
    return new Measurements(
        variant,
        OptionalDouble.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        OptionalLong.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns a copy that describes the baseline itself: limits relative to the baseline are not
   * applicable to it.
   *
   * @return the new measurements
   */
  public Measurements asBaseline() {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        sizes,
        baselineSizes,
        nonzeroParameters,
        latency,
        true,
        topKCounts,
        regression);
  }

  /**
   * Returns a copy with the accuracy of an evaluation.
   *
   * @param evaluation the variant's evaluation
   * @return the new measurements
   */
  public Measurements withEvaluation(EvaluationResult evaluation) {
    return evaluation.regression().isPresent()
        ? withRegression(evaluation.regression().get())
        : withAccuracy(evaluation.accuracy()).withTopK(evaluation.topKCounts());
  }

  /**
   * Returns a copy with the top-k hits of an evaluation.
   *
   * @param topKCounts the hits for every {@code k}
   * @return the new measurements
   */
  public Measurements withTopK(TopKCounts topKCounts) {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        sizes,
        baselineSizes,
        nonzeroParameters,
        latency,
        baseline,
        Optional.of(topKCounts),
        regression);
  }

  /**
   * Returns a copy with a regression model's errors.
   *
   * @param regression the errors
   * @return the new measurements
   */
  public Measurements withRegression(RegressionMetrics regression) {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        sizes,
        baselineSizes,
        nonzeroParameters,
        latency,
        baseline,
        topKCounts,
        Optional.of(regression));
  }

  /**
   * Returns a copy with an accuracy.
   *
   * @param accuracy the accuracy
   * @return the new measurements
   */
  public Measurements withAccuracy(double accuracy) {
    return new Measurements(
        variant,
        OptionalDouble.of(accuracy),
        comparison,
        sizes,
        baselineSizes,
        nonzeroParameters,
        latency,
        baseline,
        topKCounts,
        regression);
  }

  /**
   * Returns a copy with the comparison with the baseline.
   *
   * @param comparison the comparison
   * @return the new measurements
   */
  public Measurements withComparison(Comparison comparison) {
    return new Measurements(
        variant,
        accuracy,
        Optional.of(comparison),
        sizes,
        baselineSizes,
        nonzeroParameters,
        latency,
        baseline,
        topKCounts,
        regression);
  }

  /**
   * Returns a copy with the variant's sizes.
   *
   * @param sizes the sizes
   * @return the new measurements
   */
  public Measurements withSizes(ModelSizes sizes) {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        Optional.of(sizes),
        baselineSizes,
        nonzeroParameters,
        latency,
        baseline,
        topKCounts,
        regression);
  }

  /**
   * Returns a copy with the baseline's sizes.
   *
   * @param baselineSizes the baseline's sizes
   * @return the new measurements
   */
  public Measurements withBaselineSizes(ModelSizes baselineSizes) {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        sizes,
        Optional.of(baselineSizes),
        nonzeroParameters,
        latency,
        baseline,
        topKCounts,
        regression);
  }

  /**
   * Returns a copy with the count of nonzero parameters.
   *
   * @param nonzeroParameters the count, e.g. from {@code ModelInfo.nonzeroParameterCount()}
   * @return the new measurements
   */
  public Measurements withNonzeroParameters(long nonzeroParameters) {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        sizes,
        baselineSizes,
        OptionalLong.of(nonzeroParameters),
        latency,
        baseline,
        topKCounts,
        regression);
  }

  /**
   * Returns a copy with the latency.
   *
   * @param latency the latency
   * @return the new measurements
   */
  public Measurements withLatency(LatencyStats latency) {
    return new Measurements(
        variant,
        accuracy,
        comparison,
        sizes,
        baselineSizes,
        nonzeroParameters,
        Optional.of(latency),
        baseline,
        topKCounts,
        regression);
  }
}
