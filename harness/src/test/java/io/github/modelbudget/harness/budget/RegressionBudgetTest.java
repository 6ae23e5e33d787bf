package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.RegressionComparison;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.RegressionModels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression budgets on linear models run in the real runtime: a "noise" variant whose slope moves
 * a little (errors up on some samples, down on others: an MAE increase that is not significant) and
 * a variant whose bias moves (every error up: a significant increase).
 */
class RegressionBudgetTest {

  private static final float A = 0.75f;
  private static final float B = -0.25f;
  private static final int N = 60;

  private static EvaluationResult baseline;
  private static EvaluationResult noisy;
  private static EvaluationResult shifted;

  @BeforeAll
  static void evaluate() {
    SplittableRandom random = new SplittableRandom(2026L);
    float[] x = new float[N];
    float[] t = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
      t[i] = A * x[i] + B + (float) ((random.nextDouble() - 0.5) * 0.4);
    }
    Dataset data = Dataset.ofTargets("noisy targets", new int[] {1}, x, t, 1);
    Evaluator evaluator = Evaluator.defaults();
    baseline = evaluator.evaluate(model("baseline", A, B), data);
    noisy = evaluator.evaluate(model("noisy", A - 0.03f, B), data);
    shifted = evaluator.evaluate(model("shifted", A, B + 0.15f), data);
  }

  private static TfliteModel model(String name, float slope, float intercept) {
    return RegressionModels.linear(name, new float[] {slope}, new float[] {intercept});
  }

  private static Measurements measured(EvaluationResult variant) {
    return Measurements.of(variant.modelName())
        .withEvaluation(variant)
        .withComparison(Comparison.of(baseline, variant));
  }

  @Test
  void fixtures_noiseIsNotSignificantAndTheShiftIs() {
    RegressionComparison noise = Comparison.of(baseline, noisy).regression().orElseThrow();
    RegressionComparison shift = Comparison.of(baseline, shifted).regression().orElseThrow();

    assertThat(noise.maeIncrease(), greaterThan(0.0));
    assertThat(noise.wilcoxonP(), greaterThan(0.05));
    assertThat(shift.maeIncrease(), greaterThan(0.01));
    assertThat(shift.wilcoxonP(), lessThan(0.05));
  }

  @Test
  void significantOnly_noiseOverTheLimit_passesWithANote() {
    Budget budget =
        Budget.none().with(Metric.MAX_MAE_INCREASE, "0%").withSignificantDropsOnly(true);

    BudgetOutcome outcome = BudgetCheck.check(budget, measured(noisy));

    assertThat(outcome.violations(), empty());
    assertThat(outcome.limits().get(0).note(), containsString("Wilcoxon signed-rank p ="));
  }

  @Test
  void significantOnly_realIncrease_fails() {
    Budget budget =
        Budget.none().with(Metric.MAX_MAE_INCREASE, "0%").withSignificantDropsOnly(true);

    BudgetOutcome outcome = BudgetCheck.check(budget, measured(shifted));

    assertThat(outcome.violations(), hasSize(1));
    assertThat(outcome.violations().get(0).message(), containsString("MAE increase "));
    assertThat(outcome.violations().get(0).message(), containsString("significant at α = 0.05"));
  }

  @Test
  void everyIncreaseOverTheLimit_withoutSignificantOnly_fails() {
    Budget budget = Budget.none().with(Metric.MAX_MAE_INCREASE, "0%");

    assertThat(BudgetCheck.check(budget, measured(noisy)).violations(), hasSize(1));
  }

  @Test
  void absoluteAndRelativeIncrease_areReadFromTheirOwnUnits() {
    RegressionComparison shift = Comparison.of(baseline, shifted).regression().orElseThrow();
    double relative = shift.maeIncrease() / shift.baselineMae();
    Budget budget =
        Budget.none()
            .with(Metric.MAX_MAE_INCREASE, Double.toString(shift.maeIncrease() + 0.001))
            .with(Metric.MAX_RMSE_INCREASE, "1000%")
            .with(Metric.MAX_MAX_ERROR_INCREASE, "0.0001");

    BudgetOutcome outcome = BudgetCheck.check(budget, measured(shifted));

    assertThat(outcome.violations(), hasSize(1));
    assertThat(outcome.violations().get(0).metric(), is(Metric.MAX_MAX_ERROR_INCREASE));
    assertThat(outcome.limits().get(0).actual().getAsDouble(), closeTo(shift.maeIncrease(), 1e-12));
    // A relative limit reads the increase as a fraction of the baseline's, shown as a percentage.
    BudgetOutcome relativeOutcome =
        BudgetCheck.check(Budget.none().with(Metric.MAX_MAE_INCREASE, "10%"), measured(shifted));
    assertThat(relativeOutcome.limits().get(0).actual().getAsDouble(), closeTo(relative, 1e-12));
    assertThat(
        relativeOutcome.violations().get(0).message(),
        containsString(String.format(java.util.Locale.ROOT, "%.2f%%", relative * 100)));
  }

  @Test
  void absoluteErrors_checkedAgainstTheVariantsOwnErrors() {
    double mae = shifted.regression().orElseThrow().mae();
    Budget budget =
        Budget.none()
            .with(Metric.MAX_MAE, Double.toString(mae - 0.001))
            .with(Metric.MAX_RMSE, "10")
            .with(Metric.MAX_MAX_ERROR, "10");

    BudgetOutcome outcome = BudgetCheck.check(budget, measured(shifted));

    assertThat(outcome.violations(), hasSize(1));
    assertThat(outcome.violations().get(0).message(), containsString("MAE "));
    assertThat(outcome.violations().get(0).message(), containsString("(95% CI "));
  }

  @Test
  void baseline_increaseLimitsAreNotApplicable() {
    Budget budget = Budget.none().with(Metric.MAX_MAE_INCREASE, "0%").with(Metric.MAX_MAE, "1");

    BudgetOutcome outcome =
        BudgetCheck.check(
            budget, Measurements.of("baseline").withEvaluation(baseline).asBaseline());

    assertThat(outcome.passed(), is(true));
    assertThat(outcome.notApplicable(), contains(Metric.MAX_MAE_INCREASE));
    assertThat(outcome.checked(), contains(Metric.MAX_MAE));
  }

  @Test
  void accuracyLimitOnRegression_andErrorLimitOnClassifier_areNotMeasured() {
    BudgetOutcome onRegression =
        BudgetCheck.check(
            Budget.none().with(Metric.MIN_ACCURACY, "0.9").with(Metric.MAX_ACCURACY_DROP, "1%"),
            measured(shifted));
    BudgetOutcome onClassifier =
        BudgetCheck.check(
            Budget.none().with(Metric.MAX_MAE, "0.1"),
            Measurements.of("classifier").withAccuracy(0.9));

    assertThat(onRegression.violations(), hasSize(2));
    assertThat(
        onRegression.violations().get(0).message(),
        containsString("not measured: the model is a regression model"));
    assertThat(
        onClassifier.violations().get(0).message(),
        containsString("not measured: the model is a classifier"));
  }

  @Test
  void budgetFile_yamlRegressionKeys_parseThroughTheOneRule() {
    BudgetFile file =
        BudgetFile.parseYaml(
            "budget.yaml",
            "default:\n"
                + "  maxMae: 0.5\n"
                + "  maxMaeIncrease: \"10%\"\n"
                + "  maxRmseIncrease: 0.02\n"
                + "  significantDropsOnly: true\n");

    Budget budget = file.budgetFor("noisy");

    assertThat(budget.limit(Metric.MAX_MAE_INCREASE).orElseThrow().value(), closeTo(0.1, 1e-12));
    assertThat(budget.limit(Metric.MAX_RMSE_INCREASE).orElseThrow().value(), closeTo(0.02, 0));
    assertThat(BudgetCheck.check(budget, measured(noisy)).passed(), is(true));
    assertThat(BudgetCheck.check(budget, measured(shifted)).passed(), is(false));
  }

  @Test
  void badValues_areRefusedWithTheRule() {
    IllegalArgumentException unit =
        assertThrows(IllegalArgumentException.class, () -> Limit.parse(Metric.MAX_MAE, "10%"));
    BudgetFileException file =
        assertThrows(
            BudgetFileException.class,
            () -> BudgetFile.parseJson("b.json", "{\"default\": {\"maxMaeIncrease\": \"2 ms\"}}"));

    assertThat(unit.getMessage(), containsString("a percentage is only for increases"));
    assertThat(file.getMessage(), containsString("bad value for 'maxMaeIncrease'"));
    assertThat(List.of(Metric.keys().toArray()), org.hamcrest.Matchers.hasItem("maxMaxError"));
  }
}
