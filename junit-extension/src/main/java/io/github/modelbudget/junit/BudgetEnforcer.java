package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.budget.Violation;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

/**
 * Checks the {@link ModelBudget} of a {@link VariantTest} invocation after its body has run: every
 * error-level violation fails the invocation in one message; warnings become report entries.
 */
final class BudgetEnforcer implements InvocationInterceptor {

  static final String WARNING_ENTRY = "modelbudget.warning";

  private static final Set<Metric> NEED_EVALUATION =
      EnumSet.of(
          Metric.MIN_ACCURACY,
          Metric.MAX_ACCURACY_DROP,
          Metric.MAX_RELATIVE_ACCURACY_DROP,
          Metric.MIN_AGREEMENT);

  private final VariantUnderTest variant;
  private final VariantSet variants;

  BudgetEnforcer(VariantUnderTest variant, VariantSet variants) {
    this.variant = variant;
    this.variants = variants;
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    invocation.proceed();
    ModelBudgetRun run = ModelBudgetRun.of(context);
    Optional<Budget> budget =
        BudgetDeclarations.forMethod(
            context.getRequiredTestMethod(),
            context.getRequiredTestClass(),
            run.settings().alpha());
    if (budget.isEmpty()) {
      return;
    }
    EvaluatedVariant evaluated = new EvaluatedVariant(variants, variant, context);
    Measurements measured =
        Measurements.of(variant.name())
            .withSizes(variant.sizes())
            .withBaselineSizes(variants.baseline().sizes())
            .withNonzeroParameters(variant.info().nonzeroParameterCount());
    boolean needsEvaluation =
        budget.get().limits().keySet().stream().anyMatch(NEED_EVALUATION::contains);
    if (needsEvaluation && evaluated.hasData()) {
      measured =
          measured.withEvaluation(evaluated.evaluation()).withComparison(evaluated.comparison());
    }
    BudgetOutcome outcome = BudgetCheck.check(budget.get(), measured);
    if (evaluated.hasData()) {
      run.recordBudget(variants.location(), evaluated.dataset(), variant.name(), outcome);
    }
    for (Violation warning : outcome.warnings()) {
      context.publishReportEntry(Map.of(WARNING_ENTRY, warning.message()));
    }
    if (!outcome.errors().isEmpty()) {
      throw new AssertionFailedError(
          "variant '"
              + variant.name()
              + "' is over its budget:\n"
              + outcome.errors().stream()
                  .map(v -> "  - " + v.message())
                  .collect(Collectors.joining("\n")));
    }
  }
}
