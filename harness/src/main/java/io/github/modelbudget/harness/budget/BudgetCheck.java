package io.github.modelbudget.harness.budget;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.RegressionComparison;
import io.github.modelbudget.harness.eval.RegressionMetrics;
import io.github.modelbudget.harness.eval.SizeRatios;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.eval.TopKComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Checks measurements against a budget and reports every violation at once, never only the first,
 * with every limit's measured value whether met or not.
 *
 * <p>The baseline is held to the absolute limits only: limits relative to the baseline ({@link
 * Metric#isRelativeToBaseline()}) are not applicable to it, and the outcome lists them as such.
 * This is the one place that rule lives; the command line, the JUnit extension and the reports all
 * come here.
 *
 * <p>A limit on a metric that was not measured (a drop limit without a baseline, a latency limit
 * without latency) is a violation, not a pass. An accuracy drop above its limit is a violation
 * unless the budget asks for significant drops only and McNemar's exact test gives {@code p >=
 * alpha}; a top-k accuracy drop likewise, with the test on the top-k hits and the budget's {@code
 * k}.
 *
 * <p>Regression models are held to their errors ({@link Metric#MAX_MAE}, {@link Metric#MAX_RMSE},
 * {@link Metric#MAX_MAX_ERROR}) and their increases over the baseline's, absolute or, written as a
 * percentage, relative to the baseline's error. With significant drops only, an increase above its
 * limit is a violation only when the Wilcoxon signed-rank test on the paired per-sample absolute
 * errors gives {@code p < alpha} ({@link RegressionComparison}). Accuracy limits on a regression
 * model, and error limits on a classifier, are not measured: violations that say why.
 */
public final class BudgetCheck {

  // Limits written as decimals (0.005) are compared with values computed in binary floating point.
  private static final double TOLERANCE = 1e-12;

  /** What was measured of one metric, or why nothing was. */
  private record Reading(OptionalDouble value, String whyMissing, String detail) {

    static Reading of(OptionalDouble value, String whyMissing, String detail) {
      return new Reading(value, whyMissing, detail);
    }
  }

  private BudgetCheck() {}

  /**
   * Checks a variant's measurements against a budget.
   *
   * @param budget the budget
   * @param measured what was measured of the variant
   * @return the outcome with every violation and every checked limit, in metric order
   */
  public static BudgetOutcome check(Budget budget, Measurements measured) {
    List<Violation> violations = new ArrayList<>();
    List<Metric> checked = new ArrayList<>();
    List<Metric> notApplicable = new ArrayList<>();
    List<LimitCheck> limits = new ArrayList<>();
    for (Map.Entry<Metric, Limit> entry : budget.limits().entrySet()) {
      Metric metric = entry.getKey();
      if (measured.baseline() && metric.isRelativeToBaseline()) {
        notApplicable.add(metric);
        continue;
      }
      checked.add(metric);
      Limit limit = entry.getValue();
      Level level = budget.levelOf(limit);
      Reading reading = read(metric, limit, measured, budget.topK());
      Optional<Violation> violation = judge(budget, metric, limit, level, reading, measured);
      violation.ifPresent(violations::add);
      limits.add(
          new LimitCheck(
              metric,
              limit.text(),
              limit.value(),
              reading.value(),
              level,
              violation.isEmpty(),
              violation.isEmpty() && exceeds(metric, limit, reading.value())
                  ? notSignificant(budget, metric, measured)
                  : "",
              metric.isTopK() ? OptionalInt.of(budget.topK()) : OptionalInt.empty()));
    }
    return new BudgetOutcome(measured.variant(), checked, violations, notApplicable, limits, "");
  }

  private static Reading read(Metric metric, Limit limit, Measurements m, int k) {
    Optional<Comparison> comparison = m.comparison();
    if (isAccuracy(metric) && isRegression(m)) {
      return Reading.of(
          OptionalDouble.empty(),
          "the model is a regression model; limit its errors instead (maxMae, maxRmse,"
              + " maxMaxError, maxMaeIncrease)",
          "");
    }
    return switch (metric) {
      case MAX_MAE, MAX_RMSE, MAX_MAX_ERROR -> error(metric, m);
      case MAX_MAE_INCREASE, MAX_RMSE_INCREASE, MAX_MAX_ERROR_INCREASE ->
          increase(metric, limit, m);
      case MIN_ACCURACY ->
          Reading.of(
              m.accuracy().isPresent()
                  ? m.accuracy()
                  : comparison
                      .map(c -> OptionalDouble.of(c.variantAccuracy()))
                      .orElse(OptionalDouble.empty()),
              "the variant was not evaluated",
              "");
      case MAX_ACCURACY_DROP, MAX_RELATIVE_ACCURACY_DROP ->
          Reading.of(
              comparison
                  .map(c -> OptionalDouble.of(drop(metric, c)))
                  .orElse(OptionalDouble.empty()),
              "there is no comparison with a baseline",
              "");
      case MAX_GZIP_SIZE -> bytes(m.sizes().map(s -> (double) s.gzip()));
      case MAX_ZIP_SIZE -> bytes(m.sizes().map(s -> (double) s.zip()));
      case MIN_SIZE_REDUCTION -> reduction(m);
      case MIN_AGREEMENT ->
          Reading.of(
              comparison.map(c -> OptionalDouble.of(c.agreement())).orElse(OptionalDouble.empty()),
              "there is no comparison with a baseline",
              comparison
                  .map(c -> " (" + c.agreementCount() + " of " + c.sampleCount() + " samples)")
                  .orElse(""));
      case MAX_NONZERO_PARAMETERS ->
          Reading.of(
              m.nonzeroParameters().isPresent()
                  ? OptionalDouble.of(m.nonzeroParameters().getAsLong())
                  : OptionalDouble.empty(),
              "the model was not inspected",
              "");
      case MAX_LATENCY_P50 ->
          Reading.of(
              m.latency().map(l -> OptionalDouble.of(l.p50Nanos())).orElse(OptionalDouble.empty()),
              "latency was not measured (check --latency, bench --attach or a @ModelBudget latency limit measures it)",
              "");
      case MAX_LATENCY_P95 ->
          Reading.of(
              m.latency().map(l -> OptionalDouble.of(l.p95Nanos())).orElse(OptionalDouble.empty()),
              "latency was not measured (check --latency, bench --attach or a @ModelBudget latency limit measures it)",
              "");
      case MIN_TOP_K_ACCURACY -> {
        Optional<TopKAccuracy> topK =
            m.topKCounts()
                .map(counts -> counts.at(k))
                .or(() -> comparison.flatMap(c -> c.topK(k)).map(TopKComparison::variant));
        yield Reading.of(
            topK.map(t -> OptionalDouble.of(t.accuracy())).orElse(OptionalDouble.empty()),
            "the variant was not evaluated, or its record predates top-k accuracy",
            topK.map(t -> " (" + t.correct() + " of " + t.samples() + " samples)").orElse(""));
      }
      case MAX_TOP_K_ACCURACY_DROP ->
          Reading.of(
              comparison
                  .flatMap(c -> c.topK(k))
                  .map(t -> OptionalDouble.of(t.drop()))
                  .orElse(OptionalDouble.empty()),
              comparison.isPresent()
                  ? "the comparison's record predates top-k accuracy"
                  : "there is no comparison with a baseline",
              "");
    };
  }

  private static boolean isAccuracy(Metric metric) {
    return metric == Metric.MIN_ACCURACY
        || metric == Metric.MAX_ACCURACY_DROP
        || metric == Metric.MAX_RELATIVE_ACCURACY_DROP;
  }

  private static boolean isIncrease(Metric metric) {
    return metric.kind() == Metric.Kind.ERROR_INCREASE;
  }

  private static boolean isRegression(Measurements m) {
    return m.regression().isPresent() || m.comparison().flatMap(Comparison::regression).isPresent();
  }

  private static String notRegression(Measurements m) {
    return m.accuracy().isPresent() || m.comparison().isPresent()
        ? "the model is a classifier, not a regression model (state --task regression or"
            + " @EvaluationData(task = REGRESSION) if its outputs are values)"
        : "the variant was not evaluated";
  }

  private static Reading error(Metric metric, Measurements m) {
    Optional<RegressionMetrics> regression = m.regression();
    if (regression.isEmpty()) {
      Optional<RegressionComparison> c = m.comparison().flatMap(Comparison::regression);
      if (c.isPresent()) {
        double value =
            switch (metric) {
              case MAX_MAE -> c.get().variantMae();
              case MAX_RMSE -> c.get().variantRmse();
              default -> c.get().variantMaxError();
            };
        return Reading.of(OptionalDouble.of(value), "", "");
      }
      return Reading.of(OptionalDouble.empty(), notRegression(m), "");
    }
    RegressionMetrics r = regression.get();
    double value =
        switch (metric) {
          case MAX_MAE -> r.mae();
          case MAX_RMSE -> r.rmse();
          default -> r.maxAbsError();
        };
    String detail =
        metric == Metric.MAX_MAE
            ? String.format(
                Locale.ROOT,
                " (95%% CI %s–%s)",
                metric.format(r.maeInterval().lower()),
                metric.format(r.maeInterval().upper()))
            : "";
    return Reading.of(OptionalDouble.of(value), "", detail);
  }

  private static Reading increase(Metric metric, Limit limit, Measurements m) {
    Optional<RegressionComparison> c = m.comparison().flatMap(Comparison::regression);
    if (c.isEmpty()) {
      return Reading.of(
          OptionalDouble.empty(),
          m.comparison().isPresent() ? notRegression(m) : "there is no comparison with a baseline",
          "");
    }
    boolean relative = metric.isRelative(limit.text());
    RegressionComparison r = c.get();
    double value =
        switch (metric) {
          case MAX_MAE_INCREASE -> relative ? r.relativeMaeIncrease() : r.maeIncrease();
          case MAX_RMSE_INCREASE -> relative ? r.relativeRmseIncrease() : r.rmseIncrease();
          default -> relative ? r.relativeMaxErrorIncrease() : r.maxErrorIncrease();
        };
    return Reading.of(OptionalDouble.of(value), "", "");
  }

  private static double drop(Metric metric, Comparison c) {
    double drop = c.baselineAccuracy() - c.variantAccuracy();
    return metric == Metric.MAX_ACCURACY_DROP
        ? drop
        : c.baselineAccuracy() == 0 ? 0 : drop / c.baselineAccuracy();
  }

  private static Reading bytes(Optional<Double> actual) {
    return Reading.of(
        actual.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
        "the model's sizes were not measured",
        actual.map(a -> String.format(Locale.ROOT, " (%.0f B)", a)).orElse(""));
  }

  private static Reading reduction(Measurements m) {
    Optional<Double> ratio;
    if (m.sizes().isPresent() && m.baselineSizes().isPresent()) {
      ratio = Optional.of(SizeRatios.of(m.baselineSizes().get(), m.sizes().get()).zip());
    } else {
      ratio = m.comparison().flatMap(Comparison::sizeRatios).map(r -> r.zip());
    }
    return Reading.of(
        ratio.map(r -> OptionalDouble.of(1 - r)).orElse(OptionalDouble.empty()),
        "the variant's or the baseline's sizes are missing",
        ratio.map(r -> String.format(Locale.ROOT, " (%.2fx smaller ZIP)", 1 / r)).orElse(""));
  }

  private static boolean exceeds(Metric metric, Limit limit, OptionalDouble actual) {
    if (actual.isEmpty()) {
      return false;
    }
    double value = actual.getAsDouble();
    return metric.direction() == Metric.Direction.MIN
        ? value < limit.value() - TOLERANCE
        : value > limit.value() + TOLERANCE;
  }

  private static Optional<Violation> judge(
      Budget budget, Metric metric, Limit limit, Level level, Reading reading, Measurements m) {
    if (reading.value().isEmpty()) {
      return Optional.of(
          notMeasured(metric.label(budget.topK()), metric, limit, level, reading.whyMissing()));
    }
    if (!exceeds(metric, limit, reading.value())) {
      return Optional.empty();
    }
    double value = reading.value().getAsDouble();
    String operator = metric.direction() == Metric.Direction.MIN ? " < " : " > ";
    // Sizes and agreement explain the value before the comparison; a drop explains the test after.
    String before = reading.detail();
    String after = "";
    if (metric == Metric.MAX_TOP_K_ACCURACY_DROP) {
      TopKComparison t = m.comparison().flatMap(c -> c.topK(budget.topK())).orElseThrow();
      boolean significant = t.significantAt(budget.alpha());
      if (!significant && budget.significantDropsOnly()) {
        return Optional.empty();
      }
      after =
          String.format(
              Locale.ROOT,
              " (top-%d accuracy %s → %s; McNemar p = %.4g on the top-%d hits, %s at α = %s)",
              t.k(),
              Quantities.formatPercent(t.baseline().accuracy()),
              Quantities.formatPercent(t.variant().accuracy()),
              t.mcNemarP(),
              t.k(),
              significant ? "significant" : "not significant",
              budget.alpha());
    }
    if (isIncrease(metric)) {
      RegressionComparison r = m.comparison().flatMap(Comparison::regression).orElseThrow();
      boolean significant = r.significantAt(budget.alpha());
      if (!significant && budget.significantDropsOnly()) {
        return Optional.empty();
      }
      double[] values =
          switch (metric) {
            case MAX_MAE_INCREASE -> new double[] {r.baselineMae(), r.variantMae()};
            case MAX_RMSE_INCREASE -> new double[] {r.baselineRmse(), r.variantRmse()};
            default -> new double[] {r.baselineMaxError(), r.variantMaxError()};
          };
      after =
          String.format(
              Locale.ROOT,
              " (%s → %s; Wilcoxon signed-rank p = %.4g, %s at α = %s)",
              Metric.MAX_MAE.format(values[0]),
              Metric.MAX_MAE.format(values[1]),
              r.wilcoxonP(),
              significant ? "significant" : "not significant",
              budget.alpha());
    } else if (metric == Metric.MAX_ACCURACY_DROP || metric == Metric.MAX_RELATIVE_ACCURACY_DROP) {
      Comparison c = m.comparison().orElseThrow();
      boolean significant = c.significantAt(budget.alpha());
      if (!significant && budget.significantDropsOnly()) {
        return Optional.empty();
      }
      after =
          String.format(
              Locale.ROOT,
              " (accuracy %s → %s; McNemar p = %.4g, %s at α = %s)",
              Quantities.formatPercent(c.baselineAccuracy()),
              Quantities.formatPercent(c.variantAccuracy()),
              c.mcNemarP(),
              significant ? "significant" : "not significant",
              budget.alpha());
    }
    return Optional.of(
        new Violation(
            metric,
            limit.text(),
            limit.value(),
            reading.value(),
            level,
            metric.label(budget.topK())
                + " "
                + metric.format(value, limit.text())
                + before
                + operator
                + shown(metric, limit)
                + " budget"
                + after));
  }

  /**
   * The limit as a message shows it, in the unit of the measured value beside it: as written when
   * it carries that unit ({@code 8 kB}, {@code 97%}, {@code 2 ms}); a bare number is shown in the
   * metric's unit ({@code 0.97} as {@code 97.00%}, {@code 2} milliseconds as {@code 2.000 ms},
   * {@code 8000} bytes as {@code 8.0 kB}), and a size factor as the reduction it means, the factor
   * beside it ({@code 2x} as {@code 50.00% (2x)}). Counts have no unit and stay as written.
   */
  static String shown(Metric metric, Limit limit) {
    String text = limit.text().strip();
    boolean bareNumber = text.matches("[+-]?[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?");
    if (metric.kind() == Metric.Kind.COUNT) {
      return limit.text();
    }
    if (bareNumber) {
      return metric.format(limit.value());
    }
    if (metric.kind() == Metric.Kind.REDUCTION && text.toLowerCase(Locale.ROOT).endsWith("x")) {
      return metric.format(limit.value()) + " (" + text + ")";
    }
    return limit.text();
  }

  /** Why a drop over its limit still holds: it is not significant and the budget allows that. */
  private static String notSignificant(Budget budget, Metric metric, Measurements m) {
    if (metric == Metric.MAX_TOP_K_ACCURACY_DROP) {
      return m.comparison()
          .flatMap(c -> c.topK(budget.topK()))
          .map(
              t ->
                  String.format(
                      Locale.ROOT,
                      "over the limit but not significant (McNemar p = %.4g on the top-%d hits at"
                          + " α = %s)",
                      t.mcNemarP(),
                      t.k(),
                      budget.alpha()))
          .orElse("");
    }
    if (isIncrease(metric)) {
      return m.comparison()
          .flatMap(Comparison::regression)
          .map(
              r ->
                  String.format(
                      Locale.ROOT,
                      "over the limit but not significant (Wilcoxon signed-rank p = %.4g at α = %s)",
                      r.wilcoxonP(),
                      budget.alpha()))
          .orElse("");
    }
    return m.comparison()
        .map(
            c ->
                String.format(
                    Locale.ROOT,
                    "over the limit but not significant (McNemar p = %.4g at α = %s)",
                    c.mcNemarP(),
                    budget.alpha()))
        .orElse("");
  }

  private static Violation notMeasured(
      String label, Metric metric, Limit limit, Level level, String why) {
    return new Violation(
        metric,
        limit.text(),
        limit.value(),
        OptionalDouble.empty(),
        level,
        label + " not measured: " + why + " (budget " + shown(metric, limit) + ")");
  }
}
