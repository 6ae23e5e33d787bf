package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.eval.Statistics;
import io.github.modelbudget.harness.format.ModelSizes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Budget checks on constructed measurements: every violation, missing metrics, levels. */
class BudgetCheckTest {

  private static final ModelSizes BASELINE_SIZES = new ModelSizes(60_000, 14_000, 14_303, "b");
  private static final ModelSizes VARIANT_SIZES = new ModelSizes(20_000, 9_100, 9_250, "v");

  /** 1000 samples; baseline right on 985, variant on 970: b = 25, c = 10 (p = 0.0167). */
  private static Comparison comparison() {
    return new Comparison(
        "baseline",
        "pruned",
        1000,
        0.985,
        0.970,
        965,
        25,
        10,
        Statistics.mcNemarExact(25, 10),
        0.01,
        0.2,
        Optional.empty());
  }

  private static Measurements measured() {
    return Measurements.of("pruned")
        .withAccuracy(0.970)
        .withComparison(comparison())
        .withSizes(VARIANT_SIZES)
        .withBaselineSizes(BASELINE_SIZES)
        .withNonzeroParameters(12_000)
        .withLatency(
            new LatencyStats(
                10, 1.5e6, 1e5, 1_000_000, 1_100_000, 1_400_000, 2_500_000, 3_000_000));
  }

  @Test
  void everyLimitBroken_reportsEveryViolationAtOnce() {
    Budget budget =
        Budget.none()
            .with(Metric.MIN_ACCURACY, "0.98")
            .with(Metric.MAX_ACCURACY_DROP, "0.5%")
            .with(Metric.MAX_RELATIVE_ACCURACY_DROP, "1%")
            .with(Metric.MAX_GZIP_SIZE, "8 kB")
            .with(Metric.MAX_ZIP_SIZE, "8 kB")
            .with(Metric.MIN_SIZE_REDUCTION, "2x")
            .with(Metric.MIN_AGREEMENT, "99%")
            .with(Metric.MAX_NONZERO_PARAMETERS, "10000")
            .with(Metric.MAX_LATENCY_P50, "1 ms")
            .with(Metric.MAX_LATENCY_P95, "2 ms")
            .with(Metric.MIN_TOP_K_ACCURACY, "99%")
            .with(Metric.MAX_TOP_K_ACCURACY_DROP, "0.5%");

    BudgetOutcome outcome = BudgetCheck.check(budget, measured());

    assertThat(outcome.violations(), hasSize(12));
    assertThat(outcome.passed(), is(false));
    assertThat(
        outcome.violations().stream().map(Violation::metric).toList(),
        is(
            Stream.of(Metric.values())
                .filter(
                    m -> m.kind() != Metric.Kind.ERROR && m.kind() != Metric.Kind.ERROR_INCREASE)
                .toList()));
  }

  @Test
  void violations_carryReadableSentencesAndNumbers() {
    Budget budget =
        Budget.none()
            .with(Metric.MAX_GZIP_SIZE, "8 kB")
            .with(Metric.MAX_ACCURACY_DROP, "0.5%")
            .with(Metric.MIN_SIZE_REDUCTION, "45%");

    List<Violation> violations = BudgetCheck.check(budget, measured()).violations();

    Violation drop = violations.get(0);
    assertThat(drop.metric(), is(Metric.MAX_ACCURACY_DROP));
    assertThat(drop.actual().getAsDouble(), is(0.985 - 0.970));
    assertThat(drop.message(), containsString("accuracy drop 1.50% > 0.5% budget"));
    assertThat(drop.message(), containsString("McNemar p = 0.01667, significant at α = 0.05"));
    Violation gzip = violations.get(1);
    assertThat(gzip.message(), is("gzipped size 9.1 kB (9100 B) > 8 kB budget"));
    assertThat(gzip.limitValue(), is(8000.0));
    // 9250 / 14303 = 0.6467: a 35.33% reduction, short of 45%.
    assertThat(violations.get(2).message(), containsString("size reduction 35.33%"));
    assertThat(violations.get(2).message(), containsString("< 45% budget"));
  }

  @Test
  void allLimitsMet_passesWithNoViolations() {
    Budget budget =
        Budget.none()
            .with(Metric.MIN_ACCURACY, "0.97")
            .with(Metric.MAX_ACCURACY_DROP, "2%")
            .with(Metric.MAX_GZIP_SIZE, "9100 B")
            .with(Metric.MIN_SIZE_REDUCTION, "35%")
            .with(Metric.MIN_AGREEMENT, "96%")
            .with(Metric.MAX_LATENCY_P95, "2.5 ms");

    BudgetOutcome outcome = BudgetCheck.check(budget, measured());

    assertThat(outcome.violations(), is(empty()));
    assertThat(outcome.passed(), is(true));
    assertThat(outcome.checked(), hasSize(6));
  }

  @Test
  void dropLimitWithoutBaseline_isViolationNotPass() {
    Budget budget =
        Budget.none().with(Metric.MAX_ACCURACY_DROP, "1%").with(Metric.MIN_AGREEMENT, "0.9");

    BudgetOutcome outcome = BudgetCheck.check(budget, Measurements.of("lonely").withAccuracy(0.99));

    assertThat(outcome.violations(), hasSize(2));
    assertThat(outcome.violations().get(0).notMeasured(), is(true));
    assertThat(
        outcome.violations().get(0).message(),
        is("accuracy drop not measured: there is no comparison with a baseline (budget 1%)"));
    assertThat(outcome.passed(), is(false));
  }

  @Test
  void latencyLimitWithoutLatency_isNotMeasuredViolation() {
    Budget budget = Budget.none().with(Metric.MAX_LATENCY_P50, "1 ms");

    Violation v =
        BudgetCheck.check(budget, Measurements.of("v").withAccuracy(1)).violations().get(0);

    assertThat(v.message(), containsString("latency p50 not measured"));
  }

  @Test
  void warnLevels_reportedButPass() {
    Budget budget =
        Budget.none()
            .with(
                Metric.MIN_ACCURACY, Limit.parse(Metric.MIN_ACCURACY, "0.99").withLevel(Level.WARN))
            .with(Metric.MAX_ZIP_SIZE, "8 kB");

    BudgetOutcome outcome = BudgetCheck.check(budget, measured());

    assertThat(
        outcome.warnings().stream().map(Violation::metric).toList(), contains(Metric.MIN_ACCURACY));
    assertThat(
        outcome.errors().stream().map(Violation::metric).toList(), contains(Metric.MAX_ZIP_SIZE));
    assertThat(outcome.passed(), is(false));
    assertThat(BudgetCheck.check(budget.withLevel(Level.WARN), measured()).passed(), is(true));
    assertThat(
        BudgetCheck.check(
                budget.with(
                    Metric.MAX_ZIP_SIZE,
                    Limit.parse(Metric.MAX_ZIP_SIZE, "8 kB").withLevel(Level.WARN)),
                measured())
            .passed(),
        is(true));
  }

  @Test
  void budgetLevelWarn_appliesToLimitsWithoutTheirOwn() {
    Budget budget = Budget.none().with(Metric.MAX_ZIP_SIZE, "8 kB").withLevel(Level.WARN);

    BudgetOutcome outcome = BudgetCheck.check(budget, measured());

    assertThat(outcome.warnings(), hasSize(1));
    assertThat(outcome.passed(), is(true));
  }

  @Test
  void significantDropsOnly_insignificantDropPasses_significantFails() {
    Budget budget =
        Budget.none().with(Metric.MAX_ACCURACY_DROP, "0.5%").withSignificantDropsOnly(true);
    // p = 0.0167: significant at 0.05, not at 0.01.
    assertThat(BudgetCheck.check(budget, measured()).passed(), is(false));
    assertThat(BudgetCheck.check(budget.withAlpha(0.01), measured()).passed(), is(true));
    // Without the significance policy the same drop fails at any alpha.
    Budget strict = budget.withSignificantDropsOnly(false).withAlpha(0.01);
    Violation v = BudgetCheck.check(strict, measured()).violations().get(0);
    assertThat(v.message(), containsString("not significant at α = 0.01"));
  }

  @Test
  void summary_listsEveryViolationWithLevel() {
    Budget budget =
        Budget.none()
            .with(Metric.MAX_ZIP_SIZE, "8 kB")
            .with(
                Metric.MIN_ACCURACY, Limit.parse(Metric.MIN_ACCURACY, "99%").withLevel(Level.WARN));

    String summary = BudgetCheck.check(budget, measured()).summary();

    assertThat(summary, containsString("pruned: warn: accuracy 97.00% < 99% budget"));
    assertThat(summary, containsString("pruned: error: zipped size 9.3 kB (9250 B) > 8 kB budget"));
  }

  @Test
  void everyCheckedLimit_carriesItsMeasuredValueAndMargin_metOrNot() {
    Budget budget =
        Budget.none()
            .with(Metric.MIN_ACCURACY, "0.95")
            .with(Metric.MAX_ZIP_SIZE, "8 kB")
            .with(Metric.MAX_ACCURACY_DROP, "0.5%")
            .withSignificantDropsOnly(true)
            .withAlpha(0.01);

    BudgetOutcome outcome = BudgetCheck.check(budget, measured());

    assertThat(outcome.limits(), hasSize(3));
    LimitCheck accuracy = outcome.limits().get(0);
    assertThat(accuracy.metric(), is(Metric.MIN_ACCURACY));
    assertThat(accuracy.met(), is(true));
    assertThat(accuracy.margin().getAsDouble(), closeTo(0.02, 1e-12));
    LimitCheck drop = outcome.limits().get(1);
    // 1.5 points over a 0.5-point limit, but p = 0.0167 is not significant at 0.01.
    assertThat(drop.met(), is(true));
    assertThat(drop.actual().getAsDouble(), closeTo(0.015, 1e-12));
    assertThat(drop.note(), containsString("not significant"));
    LimitCheck zip = outcome.limits().get(2);
    assertThat(zip.met(), is(false));
    assertThat(zip.margin().getAsDouble(), closeTo(8_000 - 9_250, 1e-9));
    assertThat(outcome.withDeclaredBy("budget.yaml").declaredBy(), is("budget.yaml"));
  }

  @Test
  void fractionWrittenAsABareNumber_isShownInTheUnitOfTheMeasuredValue() {
    Budget budget =
        Budget.none().with(Metric.MIN_ACCURACY, "0.98").with(Metric.MAX_ZIP_SIZE, "8 kB");

    BudgetOutcome outcome = BudgetCheck.check(budget, measured());

    assertThat(outcome.violations().get(0).message(), is("accuracy 97.00% < 98.00% budget"));
    assertThat(outcome.violations().get(0).limit(), is("0.98"));
    assertThat(outcome.violations().get(1).message(), containsString("> 8 kB budget"));
  }

  @Test
  void everyKindOfLimit_isShownInTheUnitOfTheMeasuredValue() {
    // ZIP sizes 9 250 B against 14 303 B: a 35.33% reduction; latency p50 above 1 ms.
    Budget budget =
        Budget.none()
            .with(Metric.MIN_SIZE_REDUCTION, "2x")
            .with(Metric.MAX_ZIP_SIZE, "8000")
            .with(Metric.MAX_LATENCY_P50, "1")
            .with(Metric.MAX_NONZERO_PARAMETERS, "10000");

    List<String> messages =
        BudgetCheck.check(budget, measured()).violations().stream()
            .map(Violation::message)
            .toList();

    assertThat(
        messages,
        containsInAnyOrder(
            containsString("% (2x) budget"),
            containsString("(9250 B) > 8.0 kB budget"),
            containsString("ms > 1.000 ms budget"),
            is("nonzero parameter count 12,000 > 10000 budget")));
  }
}
