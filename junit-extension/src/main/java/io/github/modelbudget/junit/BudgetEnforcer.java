package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.budget.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a test's {@link ModelBudget} on the variants it gates, after its body has run: every
 * error-level violation of every variant fails the test in one message; warnings become report
 * entries and SLF4J warnings (a build log shows those; Surefire's console does not show report
 * entries). The rules are the harness's ({@link BudgetCheck}); this class only gathers what they
 * need and says what they found.
 */
final class BudgetEnforcer {

  static final String WARNING_ENTRY = "modelbudget.warning";

  private static final Logger LOG = LoggerFactory.getLogger(BudgetEnforcer.class);

  private BudgetEnforcer() {}

  static void enforce(Budget budget, List<EvaluatedVariant> gated, ExtensionContext context) {
    boolean needsEvaluation = budget.limits().keySet().stream().anyMatch(Metric::needsEvaluation);
    boolean needsLatency = budget.limits().keySet().stream().anyMatch(Metric::needsLatency);
    List<String> failures = new ArrayList<>();
    for (EvaluatedVariant variant : gated) {
      Measurements measured = variant.measurements(needsEvaluation, needsLatency);
      BudgetOutcome outcome =
          BudgetCheck.check(budget, measured)
              .withDeclaredBy(
                  context.getRequiredTestClass().getSimpleName()
                      + "."
                      + context.getRequiredTestMethod().getName());
      variant
          .data()
          .ifPresent(
              data -> ModelBudgetRun.of(context).recordBudget(variant.variantSet(), data, outcome));
      for (Violation warning : outcome.warnings()) {
        context.publishReportEntry(Map.of(WARNING_ENTRY, warning.message()));
        LOG.warn(
            "{}: variant '{}' is over its warning-level budget: {}",
            outcome.declaredBy(),
            variant.name(),
            warning.message());
      }
      if (!outcome.errors().isEmpty()) {
        failures.add(
            "variant '"
                + variant.name()
                + "' is over its budget:\n"
                + outcome.errors().stream()
                    .map(v -> "  - " + v.message())
                    .collect(Collectors.joining("\n")));
      }
    }
    if (!failures.isEmpty()) {
      throw new AssertionFailedError(String.join("\n", failures));
    }
  }
}
