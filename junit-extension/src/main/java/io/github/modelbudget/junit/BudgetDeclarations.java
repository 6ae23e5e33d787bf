package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.Limit;
import io.github.modelbudget.harness.budget.Metric;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Turns the {@link ModelBudget} annotations of a test method and its class into one budget, parsed
 * and validated once per method, before any invocation.
 */
final class BudgetDeclarations {

  /**
   * A test method's budget.
   *
   * @param budget the class's limits refined by the method's
   * @param onMethod whether the method itself declares a {@code @ModelBudget} (then it must gate a
   *     variant); otherwise the budget comes from the class
   */
  record Declared(Budget budget, boolean onMethod) {}

  private record Key(Method method, Class<?> testClass) {}

  /** Stored for a method without any budget (the store holds no empty Optional). */
  private static final Declared NONE = new Declared(Budget.none(), false);

  private BudgetDeclarations() {}

  /**
   * Returns the budget of the context's test method, parsed the first time any invocation of the
   * method asks and kept in the root store; a bad budget fails then, before the method runs.
   */
  static Optional<Declared> of(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    Class<?> testClass = context.getRequiredTestClass();
    Declared declared =
        context
            .getRoot()
            .getStore(ModelBudgetExtension.NAMESPACE)
            .getOrComputeIfAbsent(
                new Key(method, testClass),
                key ->
                    forMethod(method, testClass, ModelBudgetRun.of(context).settings().alpha())
                        .map(
                            b ->
                                new Declared(
                                    b, AnnotationSupport.isAnnotated(method, ModelBudget.class)))
                        .orElse(NONE),
                Declared.class);
    return declared == NONE ? Optional.empty() : Optional.of(declared);
  }

  /**
   * Returns the budget of a test method: the class's limits (from the class, its enclosing classes
   * or meta-annotations), refined by the method's.
   */
  static Optional<Budget> forMethod(Method method, Class<?> testClass, double defaultAlpha) {
    Optional<ModelBudget> onClass = findOnClass(testClass);
    Optional<ModelBudget> onMethod = AnnotationSupport.findAnnotation(method, ModelBudget.class);
    if (onClass.isEmpty() && onMethod.isEmpty()) {
      return Optional.empty();
    }
    Map<Metric, Limit> limits = new LinkedHashMap<>();
    onClass.ifPresent(b -> limits.putAll(limits(b, "class " + testClass.getSimpleName())));
    onMethod.ifPresent(b -> limits.putAll(limits(b, "method " + method.getName())));
    ModelBudget nearest = onMethod.orElseGet(onClass::orElseThrow);
    double alpha =
        !Double.isNaN(nearest.alpha())
            ? nearest.alpha()
            : onClass.map(ModelBudget::alpha).filter(a -> !Double.isNaN(a)).orElse(defaultAlpha);
    int topK =
        nearest.topK() != -1
            ? nearest.topK()
            : onClass.map(ModelBudget::topK).filter(k -> k != -1).orElse(Budget.DEFAULT_TOP_K);
    Budget budget =
        Budget.none()
            .withAlpha(alpha)
            .withSignificantDropsOnly(nearest.significantDropsOnly())
            .withTopK(topK);
    for (Map.Entry<Metric, Limit> limit : limits.entrySet()) {
      budget = budget.with(limit.getKey(), limit.getValue());
    }
    return Optional.of(budget);
  }

  static Optional<ModelBudget> findOnClass(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      Optional<ModelBudget> found = AnnotationSupport.findAnnotation(type, ModelBudget.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Map<Metric, Limit> limits(ModelBudget budget, String where) {
    Map<Metric, Limit> limits = new LinkedHashMap<>();
    fraction(limits, Metric.MIN_ACCURACY, budget.minAccuracy(), budget, where);
    fraction(limits, Metric.MAX_ACCURACY_DROP, budget.maxAccuracyDrop(), budget, where);
    fraction(
        limits, Metric.MAX_RELATIVE_ACCURACY_DROP, budget.maxRelativeAccuracyDrop(), budget, where);
    fraction(limits, Metric.MIN_AGREEMENT, budget.minAgreement(), budget, where);
    text(limits, Metric.MAX_GZIP_SIZE, budget.maxGzipSize(), budget, where);
    text(limits, Metric.MAX_ZIP_SIZE, budget.maxZipSize(), budget, where);
    text(limits, Metric.MIN_SIZE_REDUCTION, budget.minSizeReduction(), budget, where);
    text(limits, Metric.MAX_LATENCY_P50, budget.maxLatencyP50(), budget, where);
    text(limits, Metric.MAX_LATENCY_P95, budget.maxLatencyP95(), budget, where);
    text(limits, Metric.MAX_MAE, budget.maxMae(), budget, where);
    text(limits, Metric.MAX_RMSE, budget.maxRmse(), budget, where);
    text(limits, Metric.MAX_MAX_ERROR, budget.maxMaxError(), budget, where);
    text(limits, Metric.MAX_MAE_INCREASE, budget.maxMaeIncrease(), budget, where);
    text(limits, Metric.MAX_RMSE_INCREASE, budget.maxRmseIncrease(), budget, where);
    text(limits, Metric.MAX_MAX_ERROR_INCREASE, budget.maxMaxErrorIncrease(), budget, where);
    if (budget.maxNonzeroParameters() >= 0) {
      text(
          limits,
          Metric.MAX_NONZERO_PARAMETERS,
          Long.toString(budget.maxNonzeroParameters()),
          budget,
          where);
    } else if (budget.maxNonzeroParameters() != -1) {
      throw invalid(
          where,
          Metric.MAX_NONZERO_PARAMETERS,
          Long.toString(budget.maxNonzeroParameters()),
          "must not be negative");
    }
    fraction(limits, Metric.MIN_TOP_K_ACCURACY, budget.minTopKAccuracy(), budget, where);
    fraction(limits, Metric.MAX_TOP_K_ACCURACY_DROP, budget.maxTopKAccuracyDrop(), budget, where);
    if (budget.topK() != -1 && budget.topK() < 1) {
      throw new ExtensionConfigurationException(
          "@ModelBudget on "
              + where
              + " has `topK` = "
              + budget.topK()
              + " but it must be at least 1 (the k of minTopKAccuracy and maxTopKAccuracyDrop)");
    }
    if (!Double.isNaN(budget.alpha()) && !(budget.alpha() > 0 && budget.alpha() < 1)) {
      throw new ExtensionConfigurationException(
          "@ModelBudget on "
              + where
              + " has `alpha` = "
              + budget.alpha()
              + " but it must be in (0, 1)");
    }
    return limits;
  }

  private static void fraction(
      Map<Metric, Limit> limits, Metric metric, double value, ModelBudget budget, String where) {
    if (Double.isNaN(value)) {
      return;
    }
    if (!(value >= 0 && value <= 1)) {
      throw invalid(where, metric, Double.toString(value), "must be a fraction in [0, 1]");
    }
    text(limits, metric, Double.toString(value), budget, where);
  }

  private static void text(
      Map<Metric, Limit> limits, Metric metric, String text, ModelBudget budget, String where) {
    if (text.isBlank()) {
      return;
    }
    try {
      limits.put(metric, Limit.parse(metric, text).withLevel(budget.level()));
    } catch (IllegalArgumentException | ModelBudgetException e) {
      throw invalid(where, metric, text, e.getMessage());
    }
  }

  private static ExtensionConfigurationException invalid(
      String where, Metric metric, String value, String why) {
    return new ExtensionConfigurationException(
        "@ModelBudget on " + where + " has `" + metric.key() + "` = \"" + value + "\": " + why);
  }
}
