package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetOutcomeTest {

  @Test
  void checkedSummary_countsTheLimitsAndNamesThoseNotApplicableToTheBaseline() {
    BudgetOutcome none = new BudgetOutcome("pruned", List.of(), List.of());
    BudgetOutcome variant =
        new BudgetOutcome("pruned", List.of(Metric.MIN_ACCURACY, Metric.MAX_ZIP_SIZE), List.of());
    BudgetOutcome baseline =
        new BudgetOutcome(
            "baseline",
            List.of(Metric.MIN_ACCURACY),
            List.of(),
            List.of(Metric.MAX_ACCURACY_DROP, Metric.MIN_AGREEMENT),
            List.of(),
            "");

    assertThat(none.checkedSummary(), is("no limit checked: the budget sets none for it"));
    assertThat(variant.checkedSummary(), is("2 limit(s) checked"));
    assertThat(
        baseline.checkedSummary(),
        is("1 limit(s) checked; not applicable to the baseline: maxAccuracyDrop, minAgreement"));
  }
}
