package io.github.modelbudget.harness.family;

import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.results.ModelFailure;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks every variant of a run record against its budget from a budget file: the CI gate of {@code
 * modelbudget check}, the demo and the Maven plugin.
 */
public final class BudgetGate {

  /**
   * The outcome of a gate.
   *
   * @param record the run record with each variant's budget outcome (replacing earlier ones)
   * @param outcomes each variant's outcome, in the record's order
   * @param failures the models of the run that could not be measured, and so not checked
   */
  public record Result(
      RunRecord record, List<BudgetOutcome> outcomes, List<ModelFailure> failures) {

    /** Copies. */
    public Result {
      outcomes = List.copyOf(outcomes);
      failures = List.copyOf(failures);
    }

    /**
     * Counts the error-level violations.
     *
     * @return the count
     */
    public int errors() {
      return outcomes.stream().mapToInt(o -> o.errors().size()).sum();
    }

    /**
     * Counts the warn-level violations.
     *
     * @return the count
     */
    public int warnings() {
      return outcomes.stream().mapToInt(o -> o.warnings().size()).sum();
    }

    /**
     * Tells whether the gate passes: every model measured and no error-level violation.
     *
     * @return {@code true} if it passes
     */
    public boolean passed() {
      return errors() == 0 && failures.isEmpty();
    }
  }

  private BudgetGate() {}

  /**
   * Checks a run against a budget file. Every variant entry of the file must match a model of the
   * run (a measured one or one that failed); the baseline is held to the absolute limits only
   * ({@link BudgetCheck}).
   *
   * @param run the run record
   * @param budgets the budget file
   * @return the outcome
   * @throws io.github.modelbudget.harness.budget.BudgetFileException if an entry of the file
   *     matches no model of the run
   */
  public static Result check(RunRecord run, BudgetFile budgets) {
    budgets.requireEveryEntryMatches(
        Stream.concat(
                run.variants().stream().map(VariantRecord::name),
                run.failures().stream().map(ModelFailure::name))
            .toList());
    List<VariantRecord> checked = new ArrayList<>();
    List<BudgetOutcome> outcomes = new ArrayList<>();
    for (VariantRecord variant : run.variants()) {
      BudgetOutcome outcome =
          BudgetCheck.check(budgets.budgetFor(variant.name()), run.measurements(variant.name()))
              .withDeclaredBy(budgets.origin());
      outcomes.add(outcome);
      checked.add(variant.withoutBudgets().withBudget(outcome));
    }
    return new Result(run.withVariants(checked), outcomes, run.failures());
  }
}
