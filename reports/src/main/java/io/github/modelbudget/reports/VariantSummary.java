package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.SizeRatios;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.eval.TopKComparison;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One row of the comparison table: a variant's numbers next to the baseline's.
 *
 * @param name the variant's name, as given (untrusted text)
 * @param baseline whether this is the baseline
 * @param samples the number of evaluated samples
 * @param accuracy the accuracy
 * @param accuracyLower the lower bound of its 95% Wilson interval
 * @param accuracyUpper the upper bound of its 95% Wilson interval
 * @param accuracyDelta the accuracy minus the baseline's, as a fraction; empty for the baseline
 * @param mcNemarP the exact McNemar p-value of the difference; empty for the baseline
 * @param significant whether {@code mcNemarP} is below 0.05; empty for the baseline
 * @param agreement the fraction of samples where variant and baseline predict the same class
 * @param rawBytes the flatbuffer's size
 * @param gzipBytes the size of a gzip stream of it
 * @param zipBytes the size of a one-entry ZIP archive of it
 * @param rawRatio the raw size over the baseline's
 * @param gzipRatio the gzip size over the baseline's
 * @param zipRatio the ZIP size over the baseline's
 * @param parameters the parameter count
 * @param nonzeroParameters the nonzero parameter count
 * @param sparsity the fraction of zero parameters
 * @param weightTypes how the weights are stored, e.g. {@code float32} or {@code int8 hybrid}
 * @param latencyP50Nanos the median latency, if measured
 * @param latencyP95Nanos the 95th percentile latency, if measured
 * @param budgetChecked whether any budget was checked for this variant
 * @param passed whether no error-level violation was found
 * @param violations every violation, warnings included
 * @param paretoOptimal whether no other variant is both smaller (ZIP) and at least as accurate (for
 *     regression: with an MAE at most as large)
 * @param topK the {@code k} of the top-k columns, if the run reports top-k accuracy
 * @param topKAccuracy the fraction of samples whose true class is among the {@code k} highest
 *     scores
 * @param topKLower the lower bound of its 95% Wilson interval
 * @param topKUpper the upper bound of its 95% Wilson interval
 * @param topKDelta the top-k accuracy minus the baseline's; empty for the baseline
 * @param topKMcNemarP the exact McNemar p-value on the top-k hits; empty for the baseline
 * @param regression a regression variant's errors (then the accuracy fields are NaN); empty for a
 *     classifier
 */
public record VariantSummary(
    String name,
    boolean baseline,
    int samples,
    double accuracy,
    double accuracyLower,
    double accuracyUpper,
    OptionalDouble accuracyDelta,
    OptionalDouble mcNemarP,
    Optional<Boolean> significant,
    OptionalDouble agreement,
    long rawBytes,
    long gzipBytes,
    long zipBytes,
    OptionalDouble rawRatio,
    OptionalDouble gzipRatio,
    OptionalDouble zipRatio,
    long parameters,
    long nonzeroParameters,
    double sparsity,
    String weightTypes,
    OptionalLong latencyP50Nanos,
    OptionalLong latencyP95Nanos,
    boolean budgetChecked,
    boolean passed,
    List<ViolationSummary> violations,
    boolean paretoOptimal,
    OptionalInt topK,
    OptionalDouble topKAccuracy,
    OptionalDouble topKLower,
    OptionalDouble topKUpper,
    OptionalDouble topKDelta,
    OptionalDouble topKMcNemarP,
    Optional<RegressionErrors> regression) {

  /** The significance level of the "significant?" column. */
  public static final double ALPHA = Budget.DEFAULT_ALPHA;

  /** Validates and copies. */
  public VariantSummary {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accuracyDelta, "accuracyDelta");
    Objects.requireNonNull(mcNemarP, "mcNemarP");
    Objects.requireNonNull(significant, "significant");
    Objects.requireNonNull(agreement, "agreement");
    Objects.requireNonNull(rawRatio, "rawRatio");
    Objects.requireNonNull(gzipRatio, "gzipRatio");
    Objects.requireNonNull(zipRatio, "zipRatio");
    Objects.requireNonNull(weightTypes, "weightTypes");
    Objects.requireNonNull(latencyP50Nanos, "latencyP50Nanos");
    Objects.requireNonNull(latencyP95Nanos, "latencyP95Nanos");
    violations = List.copyOf(violations);
    Objects.requireNonNull(topK, "topK");
    Objects.requireNonNull(topKAccuracy, "topKAccuracy");
    Objects.requireNonNull(topKLower, "topKLower");
    Objects.requireNonNull(topKUpper, "topKUpper");
    Objects.requireNonNull(topKDelta, "topKDelta");
    Objects.requireNonNull(topKMcNemarP, "topKMcNemarP");
    Objects.requireNonNull(regression, "regression");
  }

  /**
   * Summarises a variant against the baseline's sizes.
   *
   * @param variant the variant
   * @param isBaseline whether it is the baseline
   * @param baselineSizes the baseline's sizes, if the run has a baseline
   * @param paretoOptimal whether it is on the accuracy-vs-ZIP-size front
   * @param k the {@code k} of the run's top-k columns, if any
   * @return the row
   */
  static VariantSummary of(
      VariantRecord variant,
      boolean isBaseline,
      Optional<ModelSizes> baselineSizes,
      boolean paretoOptimal,
      OptionalInt k) {
    Optional<Comparison> comparison = isBaseline ? Optional.empty() : variant.comparison();
    Optional<TopKAccuracy> topK =
        k.isPresent() ? variant.evaluation().topK(k.getAsInt()) : Optional.empty();
    Optional<TopKComparison> pairedTopK =
        k.isPresent() ? comparison.flatMap(c -> c.topK(k.getAsInt())) : Optional.empty();
    ModelSizes sizes = variant.sizes();
    List<ViolationSummary> violations =
        variant.budgets().stream()
            .flatMap(o -> o.violations().stream())
            .map(ViolationSummary::of)
            .toList();
    return new VariantSummary(
        variant.name(),
        isBaseline,
        variant.evaluation().samples(),
        variant.evaluation().accuracy(),
        variant.evaluation().accuracyInterval().lower(),
        variant.evaluation().accuracyInterval().upper(),
        optional(comparison.map(Comparison::accuracyDelta)),
        optional(comparison.map(Comparison::mcNemarP)),
        comparison.map(c -> c.significantAt(ALPHA)),
        optional(comparison.map(Comparison::agreement)),
        sizes.raw(),
        sizes.gzip(),
        sizes.zip(),
        optional(baselineSizes.map(b -> SizeRatios.of(b, sizes).raw())),
        optional(baselineSizes.map(b -> SizeRatios.of(b, sizes).gzip())),
        optional(baselineSizes.map(b -> SizeRatios.of(b, sizes).zip())),
        variant.inspection().parameters(),
        variant.inspection().nonzeroParameters(),
        variant.inspection().sparsity(),
        WeightTypes.describe(variant.inspection().parametersByType()),
        variant.latency().map(l -> OptionalLong.of(l.p50Nanos())).orElse(OptionalLong.empty()),
        variant.latency().map(l -> OptionalLong.of(l.p95Nanos())).orElse(OptionalLong.empty()),
        !variant.budgets().isEmpty(),
        variant.budgets().stream().allMatch(BudgetOutcome::passed),
        violations,
        paretoOptimal,
        topK.isPresent() ? k : OptionalInt.empty(),
        optional(topK.map(TopKAccuracy::accuracy)),
        optional(topK.map(t -> t.interval().lower())),
        optional(topK.map(t -> t.interval().upper())),
        optional(pairedTopK.map(t -> -t.drop())),
        optional(pairedTopK.map(TopKComparison::mcNemarP)),
        variant.evaluation().regression().map(m -> RegressionErrors.of(m, comparison, ALPHA)));
  }

  private static OptionalDouble optional(Optional<Double> value) {
    return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }
}
