package io.github.modelbudget.cli;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Limit;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.budget.Violation;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks every variant of a run record against its budget from a budget file and prints one line
 * per variant with its violations; shared by {@code check} and {@code demo}.
 */
final class BudgetGate {

  private static final Set<Metric> RELATIVE =
      EnumSet.of(
          Metric.MAX_ACCURACY_DROP,
          Metric.MAX_RELATIVE_ACCURACY_DROP,
          Metric.MIN_SIZE_REDUCTION,
          Metric.MIN_AGREEMENT);

  /**
   * The outcome of a gate.
   *
   * @param record the run record with each variant's budget outcome (replacing earlier ones)
   * @param errors the error-level violations
   * @param warnings the warn-level violations
   */
  record Result(RunRecord record, int errors, int warnings) {

    int exitCode() {
      return errors == 0 ? ExitCode.OK : ExitCode.BUDGET_VIOLATED;
    }

    String verdict() {
      return errors == 0 ? "PASSED" : "FAILED";
    }
  }

  private BudgetGate() {}

  static Result check(RunRecord run, BudgetFile budgets, PrintWriter w) {
    List<VariantRecord> checked = new ArrayList<>();
    int errors = 0;
    int warnings = 0;
    for (VariantRecord variant : run.variants()) {
      Budget limits = budgets.budgetFor(variant.name());
      if (run.baseline().filter(variant.name()::equals).isPresent()) {
        limits = withoutRelativeLimits(limits);
      }
      BudgetOutcome outcome = BudgetCheck.check(limits, run.measurements(variant.name()));
      errors += outcome.errors().size();
      warnings += outcome.warnings().size();
      report(w, outcome);
      // A recorded run may carry an earlier check's outcomes; this check replaces them.
      checked.add(variant.withoutBudgets().withBudget(outcome));
    }
    return new Result(RunRecordBuilder.withVariants(run, checked), errors, warnings);
  }

  private static void report(PrintWriter w, BudgetOutcome outcome) {
    String verdict =
        !outcome.errors().isEmpty() ? "FAIL" : outcome.warnings().isEmpty() ? "ok" : "warn";
    w.printf(
        Locale.ROOT,
        "%-4s %s (%d limit(s) checked)%n",
        verdict,
        outcome.variant(),
        outcome.checked().size());
    for (Violation v : outcome.violations()) {
      w.printf(Locale.ROOT, "       %s: %s%n", v.level().key(), v.message());
    }
  }

  /**
   * Drops the limits that compare a variant with the baseline: the baseline is checked only against
   * the absolute ones (accuracy, sizes, parameters, latency).
   */
  private static Budget withoutRelativeLimits(Budget budget) {
    Map<Metric, Limit> absolute = new EnumMap<>(Metric.class);
    budget
        .limits()
        .forEach(
            (metric, limit) -> {
              if (!RELATIVE.contains(metric)) {
                absolute.put(metric, limit);
              }
            });
    return new Budget(absolute, budget.level(), budget.alpha(), budget.significantDropsOnly());
  }
}
