package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.LimitCheck;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.results.DatasetSummary;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What every report shows of a run: the verdict, the dataset, the environment and one row per
 * variant, the baseline first; {@link JsonSummary} writes it as it is.
 *
 * @param runId the run's id
 * @param timestamp when the run finished, ISO-8601 in UTC
 * @param baseline the baseline's name, if the run has one
 * @param dataset the dataset
 * @param environment the runtime, settings and machine
 * @param verdict whether every budget was met
 * @param variants one row per variant, the baseline first, the others in the run's order
 * @param previous the changes since a previous run, if one was given
 */
public record RunSummary(
    String runId,
    String timestamp,
    Optional<String> baseline,
    DatasetSummary dataset,
    EnvironmentSummary environment,
    Verdict verdict,
    List<VariantSummary> variants,
    Optional<PreviousRunComparison> previous) {

  /** Validates and copies. */
  public RunSummary {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(verdict, "verdict");
    variants = List.copyOf(variants);
    Objects.requireNonNull(previous, "previous");
  }

  /**
   * Summarises a run.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @return the summary
   */
  public static RunSummary of(RunRecord record, Optional<RunRecord> previous) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(previous, "previous");
    // A run record keeps its baseline first.
    List<VariantRecord> ordered = record.variants();
    Optional<VariantRecord> baseline = record.baseline().flatMap(record::variant);
    Optional<ModelSizes> baselineSizes = baseline.map(VariantRecord::sizes);
    Set<String> front = new HashSet<>();
    // A regression variant is better the lower its MAE.
    ParetoFront.of(
            ordered,
            v -> v.sizes().zip(),
            v -> v.evaluation().regression().map(r -> -r.mae()).orElse(v.evaluation().accuracy()))
        .forEach(v -> front.add(v.name()));
    List<VariantSummary> rows = new ArrayList<>(ordered.size());
    OptionalInt k = topK(ordered);
    for (VariantRecord variant : ordered) {
      boolean isBaseline = baseline.isPresent() && baseline.get().name().equals(variant.name());
      rows.add(
          VariantSummary.of(variant, isBaseline, baselineSizes, front.contains(variant.name()), k));
    }
    return new RunSummary(
        record.runId(),
        record.timestamp(),
        record.baseline(),
        record.dataset(),
        record.environment(),
        Verdict.of(record.variants()),
        rows,
        previous.map(p -> PreviousRunComparison.of(record, p)));
  }

  /**
   * The {@code k} of the run's top-k columns: the first a top-k budget limit used, else the default
   * for the class count (5 for 10 classes or more), else none.
   */
  static OptionalInt topK(List<VariantRecord> variants) {
    for (VariantRecord v : variants) {
      for (BudgetOutcome outcome : v.budgets()) {
        for (LimitCheck limit : outcome.limits()) {
          if (limit.topK().isPresent()) {
            return limit.topK();
          }
        }
      }
    }
    return variants.isEmpty() ? OptionalInt.empty() : variants.get(0).evaluation().defaultTopK();
  }
}
