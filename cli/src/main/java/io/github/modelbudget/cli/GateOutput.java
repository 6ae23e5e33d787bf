package io.github.modelbudget.cli;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Violation;
import io.github.modelbudget.harness.family.BudgetGate;
import io.github.modelbudget.harness.results.ModelFailure;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a budget gate's outcome, one line per variant with its violations, and the exit code it
 * means; shared by {@code check} and {@code demo}. The rules themselves are the harness's ({@link
 * BudgetGate}).
 */
public final class GateOutput {

  private GateOutput() {}

  /**
   * Prints one line per variant with its violations, then the models that were not measured.
   *
   * @param w where to print
   * @param gate the gate's outcome
   */
  public static void print(PrintWriter w, BudgetGate.Result gate) {
    for (BudgetOutcome outcome : gate.outcomes()) {
      String verdict =
          !outcome.errors().isEmpty() ? "FAIL" : outcome.warnings().isEmpty() ? "ok" : "warn";
      w.printf(Locale.ROOT, "%-4s %s (%s)%n", verdict, outcome.variant(), outcome.checkedSummary());
      for (Violation v : outcome.violations()) {
        w.printf(Locale.ROOT, "       %s: %s%n", v.level().key(), v.message());
      }
    }
    for (ModelFailure failure : gate.failures()) {
      w.printf(Locale.ROOT, "FAIL %s (not measured: %s)%n", failure.name(), failure.message());
    }
  }

  /** Returns {@code PASSED} or {@code FAILED}. */
  public static String verdict(BudgetGate.Result gate) {
    return gate.passed() ? "PASSED" : "FAILED";
  }

  /** Unmeasured models are invalid input (3); otherwise a violated budget is 1. */
  public static int exitCode(BudgetGate.Result gate) {
    if (!gate.failures().isEmpty()) {
      return ExitCode.INVALID_INPUT;
    }
    return gate.errors() == 0 ? ExitCode.OK : ExitCode.BUDGET_VIOLATED;
  }
}
