package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.PairedTopK;
import io.github.modelbudget.harness.eval.TopKCounts;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Top-k limits through the one budget rule: the budget's {@code k}, McNemar's test on the top-k
 * hits for significant-only drops, not applicable to the baseline, not measured without top-k data.
 */
class TopKBudgetTest {

  // 100 samples. Baseline hits at k = 1..3: 60, 80, 90, then all; the variant 55, 70, 88, then all.
  // Discordant (baseline only, variant only) at k = 1..3: (10, 5), (14, 4), (3, 1).
  private static final TopKCounts BASELINE = new TopKCounts(100, List.of(60L, 80L, 90L, 100L));
  private static final TopKCounts VARIANT = new TopKCounts(100, List.of(55L, 70L, 88L, 100L));
  private static final PairedTopK PAIRED =
      new PairedTopK(BASELINE, VARIANT, List.of(10L, 14L, 3L), List.of(5L, 4L, 1L));

  private static Measurements variant() {
    Comparison comparison =
        new Comparison(
            "baseline",
            "pruned",
            100,
            0.6,
            0.55,
            90,
            10,
            5,
            0.3,
            0.01,
            0.1,
            Optional.empty(),
            Optional.of(PAIRED),
            Optional.empty());
    return Measurements.of("pruned").withTopK(VARIANT).withComparison(comparison);
  }

  @Test
  void minTopKAccuracy_usesTheBudgetsK() {
    Budget budget = Budget.none().with(Metric.MIN_TOP_K_ACCURACY, "85%");

    assertThat(BudgetCheck.check(budget.withTopK(3), variant()).passed(), is(true));
    BudgetOutcome atTwo = BudgetCheck.check(budget.withTopK(2), variant());
    assertThat(atTwo.passed(), is(false));
    assertThat(
        atTwo.violations().get(0).message(),
        is("top-2 accuracy 70.00% (70 of 100 samples) < 85% budget"));
  }

  @Test
  void topKDrop_isJudgedWithMcNemarOnTheTopKHits() {
    Budget budget = Budget.none().with(Metric.MAX_TOP_K_ACCURACY_DROP, "5%").withTopK(2);

    // A 10-point drop with 14 against 4 discordant pairs: p = 0.031, significant.
    BudgetOutcome every = BudgetCheck.check(budget, variant());
    assertThat(every.passed(), is(false));
    assertThat(
        every.violations().get(0).message(),
        containsString(
            "top-2 accuracy drop 10.00% > 5% budget (top-2 accuracy 80.00% → 70.00%; McNemar p ="
                + " 0.03088 on the top-2 hits, significant at α = 0.05)"));
    assertThat(
        BudgetCheck.check(budget.withSignificantDropsOnly(true), variant()).passed(), is(false));
  }

  @Test
  void topKDrop_notSignificant_passesWhenOnlySignificantDropsCount() {
    // k = 1: a 5-point drop, 10 against 5 discordant pairs, p = 0.30.
    Budget budget =
        Budget.none()
            .with(Metric.MAX_TOP_K_ACCURACY_DROP, "1%")
            .withTopK(1)
            .withSignificantDropsOnly(true);

    BudgetOutcome outcome = BudgetCheck.check(budget, variant());

    assertThat(outcome.violations(), is(empty()));
    assertThat(
        outcome.limits().get(0).note(),
        containsString("not significant (McNemar p = 0.3018 on the top-1 hits"));
  }

  @Test
  void topKDrop_isNotApplicableToTheBaseline() {
    Budget budget =
        Budget.none()
            .with(Metric.MAX_TOP_K_ACCURACY_DROP, "1%")
            .with(Metric.MIN_TOP_K_ACCURACY, "50%");

    BudgetOutcome outcome =
        BudgetCheck.check(budget, Measurements.of("baseline").withTopK(BASELINE).asBaseline());

    assertThat(outcome.notApplicable(), contains(Metric.MAX_TOP_K_ACCURACY_DROP));
    assertThat(outcome.checked(), contains(Metric.MIN_TOP_K_ACCURACY));
    assertThat(outcome.passed(), is(true));
  }

  @Test
  void topKNotMeasured_isAViolation() {
    Budget budget =
        Budget.none()
            .with(Metric.MIN_TOP_K_ACCURACY, "50%")
            .with(Metric.MAX_TOP_K_ACCURACY_DROP, "1%");

    BudgetOutcome outcome = BudgetCheck.check(budget, Measurements.of("pruned").withAccuracy(0.9));

    assertThat(outcome.violations().size(), is(2));
    assertThat(
        outcome.violations().get(0).message(), containsString("top-5 accuracy not measured"));
    assertThat(
        outcome.violations().get(1).message(),
        containsString("top-5 accuracy drop not measured: there is no comparison"));
  }

  @Test
  void budgetFile_readsTopKAndTheLimits_inYamlAndJson() {
    BudgetFile yaml =
        BudgetFile.parseYaml(
            "budget.yaml",
            """
            default:
              minTopKAccuracy: 90%
              maxTopKAccuracyDrop: 1%
              topK: 3
            variants:
              pruned:
                topK: 1
            """);
    assertThat(yaml.defaultBudget().topK(), is(3));
    assertThat(yaml.budgetFor("quantized").topK(), is(3));
    assertThat(yaml.budgetFor("pruned").topK(), is(1));
    assertThat(
        yaml.defaultBudget().limit(Metric.MIN_TOP_K_ACCURACY).orElseThrow().value(), is(0.9));
    assertThat(
        BudgetFile.parseJson("b.json", "{\"default\": {\"minTopKAccuracy\": 0.5}}")
            .defaultBudget()
            .topK(),
        is(Budget.DEFAULT_TOP_K));
  }

  @Test
  void budgetFile_badTopK_isAnErrorWithTheLine() {
    BudgetFileException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            BudgetFileException.class,
            () -> BudgetFile.parseYaml("budget.yaml", "default:\n  topK: 0\n"));
    assertThat(e.getMessage(), containsString("budget.yaml"));
    assertThat(e.getMessage(), containsString("topK must be a whole number of at least 1"));
  }
}
