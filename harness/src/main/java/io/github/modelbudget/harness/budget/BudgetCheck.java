package io.github.modelbudget.harness.budget;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.SizeRatios;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Checks measurements against a budget and reports every violation at once, never only the first.
 *
 * <p>The baseline is held to the absolute limits only: limits relative to the baseline ({@link
 * Metric#isRelativeToBaseline()}) are not applicable to it, and the outcome lists them as such.
 * This is the one place that rule lives; the command line, the JUnit extension and the reports all
 * come here.
 *
 * <p>A limit on a metric that was not measured (a drop limit without a baseline, a latency limit
 * without latency) is a violation, not a pass. An accuracy drop above its limit is a violation
 * unless the budget asks for significant drops only and McNemar's exact test gives {@code p >=
 * alpha}.
 */
public final class BudgetCheck {

  // Limits written as decimals (0.005) are compared with values computed in binary floating point.
  private static final double TOLERANCE = 1e-12;

  private BudgetCheck() {}

  /**
   * Checks a variant's measurements against a budget.
   *
   * @param budget the budget
   * @param measured what was measured of the variant
   * @return the outcome with every violation, in metric order
   */
  public static BudgetOutcome check(Budget budget, Measurements measured) {
    List<Violation> violations = new ArrayList<>();
    List<Metric> checked = new ArrayList<>();
    List<Metric> notApplicable = new ArrayList<>();
    for (Map.Entry<Metric, Limit> entry : budget.limits().entrySet()) {
      Metric metric = entry.getKey();
      if (measured.baseline() && metric.isRelativeToBaseline()) {
        notApplicable.add(metric);
        continue;
      }
      checked.add(metric);
      check(budget, metric, entry.getValue(), measured).ifPresent(violations::add);
    }
    return new BudgetOutcome(measured.variant(), checked, violations, notApplicable);
  }

  private static Optional<Violation> check(
      Budget budget, Metric metric, Limit limit, Measurements m) {
    Level level = budget.levelOf(limit);
    Optional<Comparison> comparison = m.comparison();
    return switch (metric) {
      case MIN_ACCURACY -> {
        OptionalDouble accuracy =
            m.accuracy().isPresent()
                ? m.accuracy()
                : comparison
                    .map(c -> OptionalDouble.of(c.variantAccuracy()))
                    .orElse(OptionalDouble.empty());
        yield bound(metric, limit, level, accuracy, "the variant was not evaluated", "");
      }
      case MAX_ACCURACY_DROP, MAX_RELATIVE_ACCURACY_DROP ->
          drop(budget, metric, limit, level, comparison);
      case MAX_GZIP_SIZE -> bytes(metric, limit, level, m.sizes().map(s -> (double) s.gzip()));
      case MAX_ZIP_SIZE -> bytes(metric, limit, level, m.sizes().map(s -> (double) s.zip()));
      case MIN_SIZE_REDUCTION -> reduction(metric, limit, level, m);
      case MIN_AGREEMENT ->
          bound(
              metric,
              limit,
              level,
              comparison.map(c -> OptionalDouble.of(c.agreement())).orElse(OptionalDouble.empty()),
              "there is no comparison with a baseline",
              comparison
                  .map(c -> " (" + c.agreementCount() + " of " + c.sampleCount() + " samples)")
                  .orElse(""));
      case MAX_NONZERO_PARAMETERS ->
          bound(
              metric,
              limit,
              level,
              m.nonzeroParameters().isPresent()
                  ? OptionalDouble.of(m.nonzeroParameters().getAsLong())
                  : OptionalDouble.empty(),
              "the model was not inspected",
              "");
      case MAX_LATENCY_P50 ->
          bound(
              metric,
              limit,
              level,
              m.latency().map(l -> OptionalDouble.of(l.p50Nanos())).orElse(OptionalDouble.empty()),
              "latency was not measured",
              "");
      case MAX_LATENCY_P95 ->
          bound(
              metric,
              limit,
              level,
              m.latency().map(l -> OptionalDouble.of(l.p95Nanos())).orElse(OptionalDouble.empty()),
              "latency was not measured",
              "");
    };
  }

  private static Optional<Violation> bytes(
      Metric metric, Limit limit, Level level, Optional<Double> actual) {
    OptionalDouble value = actual.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    String detail = actual.map(a -> String.format(Locale.ROOT, " (%.0f B)", a)).orElse("");
    return bound(metric, limit, level, value, "the model's sizes were not measured", detail);
  }

  private static Optional<Violation> reduction(
      Metric metric, Limit limit, Level level, Measurements m) {
    Optional<Double> ratio;
    if (m.sizes().isPresent() && m.baselineSizes().isPresent()) {
      ratio = Optional.of(SizeRatios.of(m.baselineSizes().get(), m.sizes().get()).zip());
    } else {
      ratio = m.comparison().flatMap(Comparison::sizeRatios).map(r -> r.zip());
    }
    OptionalDouble value = ratio.map(r -> OptionalDouble.of(1 - r)).orElse(OptionalDouble.empty());
    String detail =
        ratio.map(r -> String.format(Locale.ROOT, " (%.2fx smaller ZIP)", 1 / r)).orElse("");
    return bound(
        metric, limit, level, value, "the variant's or the baseline's sizes are missing", detail);
  }

  private static Optional<Violation> drop(
      Budget budget, Metric metric, Limit limit, Level level, Optional<Comparison> comparison) {
    if (comparison.isEmpty()) {
      return Optional.of(
          notMeasured(metric, limit, level, "there is no comparison with a baseline"));
    }
    Comparison c = comparison.get();
    double drop = c.baselineAccuracy() - c.variantAccuracy();
    double actual =
        metric == Metric.MAX_ACCURACY_DROP
            ? drop
            : c.baselineAccuracy() == 0 ? 0 : drop / c.baselineAccuracy();
    if (actual <= limit.value() + TOLERANCE) {
      return Optional.empty();
    }
    boolean significant = c.significantAt(budget.alpha());
    if (!significant && budget.significantDropsOnly()) {
      return Optional.empty();
    }
    String test =
        String.format(
            Locale.ROOT,
            " (accuracy %s → %s; McNemar p = %.4g, %s at α = %s)",
            Quantities.formatPercent(c.baselineAccuracy()),
            Quantities.formatPercent(c.variantAccuracy()),
            c.mcNemarP(),
            significant ? "significant" : "not significant",
            budget.alpha());
    return Optional.of(
        new Violation(
            metric,
            limit.text(),
            limit.value(),
            OptionalDouble.of(actual),
            level,
            metric.label()
                + " "
                + metric.format(actual)
                + " > "
                + limit.text()
                + " budget"
                + test));
  }

  private static Optional<Violation> bound(
      Metric metric,
      Limit limit,
      Level level,
      OptionalDouble actual,
      String whyMissing,
      String detail) {
    if (actual.isEmpty()) {
      return Optional.of(notMeasured(metric, limit, level, whyMissing));
    }
    double value = actual.getAsDouble();
    boolean ok =
        metric.direction() == Metric.Direction.MIN
            ? value >= limit.value() - TOLERANCE
            : value <= limit.value() + TOLERANCE;
    if (ok) {
      return Optional.empty();
    }
    String operator = metric.direction() == Metric.Direction.MIN ? " < " : " > ";
    return Optional.of(
        new Violation(
            metric,
            limit.text(),
            limit.value(),
            actual,
            level,
            metric.label()
                + " "
                + metric.format(value)
                + detail
                + operator
                + limit.text()
                + " budget"));
  }

  private static Violation notMeasured(Metric metric, Limit limit, Level level, String why) {
    return new Violation(
        metric,
        limit.text(),
        limit.value(),
        OptionalDouble.empty(),
        level,
        metric.label() + " not measured: " + why + " (budget " + limit.text() + ")");
  }
}
