package io.github.modelbudget.maven;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Level;
import io.github.modelbudget.harness.budget.Violation;
import io.github.modelbudget.harness.family.BudgetGate;
import io.github.modelbudget.harness.results.ModelFailure;
import java.util.Locale;
import org.apache.maven.plugin.logging.Log;

/**
 * Writes a budget gate's outcome to Maven's log: one line per variant, each violation at its own
 * level (a warning-level one as {@code [WARNING]}, an error-level one as {@code [ERROR]}), so Maven
 * users see them where they see compiler and test warnings. The rules are the harness's ({@link
 * BudgetGate}); this class only words them.
 */
final class GateLog {

  private GateLog() {}

  static void log(Log log, BudgetGate.Result gate) {
    for (BudgetOutcome outcome : gate.outcomes()) {
      String verdict =
          !outcome.errors().isEmpty() ? "FAIL" : outcome.warnings().isEmpty() ? "ok" : "warn";
      log.info(
          String.format(
              Locale.ROOT, "%-4s %s (%s)", verdict, outcome.variant(), outcome.checkedSummary()));
      for (Violation v : outcome.violations()) {
        String line = outcome.variant() + ": " + v.level().key() + ": " + v.message();
        if (v.level() == Level.ERROR) {
          log.error(line);
        } else {
          log.warn(line);
        }
      }
    }
    for (ModelFailure failure : gate.failures()) {
      log.error(failure.name() + ": not measured: " + failure.message());
    }
  }

  /** Every error-level violation and unmeasured model, one per line, for the build failure. */
  static String listing(BudgetGate.Result gate) {
    StringBuilder text = new StringBuilder();
    for (BudgetOutcome outcome : gate.outcomes()) {
      for (Violation v : outcome.errors()) {
        text.append(System.lineSeparator())
            .append("  ")
            .append(outcome.variant())
            .append(": ")
            .append(v.message());
      }
    }
    for (ModelFailure failure : gate.failures()) {
      text.append(System.lineSeparator())
          .append("  ")
          .append(failure.name())
          .append(": not measured: ")
          .append(failure.message());
    }
    return text.toString();
  }
}
