package io.github.modelbudget.harness.results;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.RegressionModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A regression family's run record: its errors written, read back and checked again. */
class RegressionRunRecordTest {

  @Test
  void regressionRecord_writtenAndRead_keepsErrorsAndChecksLikeTheLiveResult(@TempDir Path dir) {
    float[] x = new float[50];
    float[] t = new float[50];
    for (int i = 0; i < x.length; i++) {
      x[i] = i / 25f - 1;
      t[i] = 2 * x[i] + (i % 2 == 0 ? 0.1f : -0.1f);
    }
    Dataset data = Dataset.ofTargets("line", new int[] {1}, x, t, 1);
    Evaluator evaluator = Evaluator.defaults();
    TfliteModel baseModel = RegressionModels.linear("baseline", new float[] {2}, new float[] {0});
    TfliteModel variantModel =
        RegressionModels.linear("variant", new float[] {2}, new float[] {0.2f});
    EvaluationResult baseline = evaluator.evaluate(baseModel, data);
    EvaluationResult variant = evaluator.evaluate(variantModel, data);
    Comparison comparison = Comparison.of(baseline, variant);
    RunRecord record =
        RunRecord.create(
            data,
            EnvironmentSummary.of(evaluator),
            Optional.of("baseline"),
            List.of(
                VariantRecord.of(baseModel, baseline),
                VariantRecord.of(variantModel, variant)
                    .withComparison(comparison)
                    .withPredictions(variant)));
    Path file = dir.resolve("run.json");

    RunRecords.write(record, file);
    RunRecord read = RunRecords.read(file);

    assertThat(read, equalTo(record));
    EvaluationSummary summary = read.variants().get(1).evaluation();
    assertThat(summary.regression().orElseThrow().mae(), closeTo(0.2, 1e-5));
    assertThat(
        read.variants().get(1).comparison().orElseThrow().regression().orElseThrow().maeIncrease(),
        closeTo(0.1, 1e-5));
    Budget budget = Budget.none().with(Metric.MAX_MAE_INCREASE, "50%").with(Metric.MAX_MAE, "1");
    assertThat(
        BudgetCheck.check(budget, read.measurements("variant")),
        equalTo(
            BudgetCheck.check(
                budget,
                io.github.modelbudget.harness.budget.Measurements.of("variant")
                    .withEvaluation(variant)
                    .withComparison(comparison))));
    assertThat(BudgetCheck.check(budget, read.measurements("variant")).passed(), is(false));
    assertThat(RunRecords.toJson(read), containsString("\"maeInterval\""));
    SamplePrediction third = read.variants().get(1).predictions().orElseThrow().get(3);
    assertThat(third.target().orElseThrow().get(0), is(t[3]));
    assertThat((double) (third.output().get(0) - third.target().get().get(0)), closeTo(0.3, 1e-5));
  }

  @Test
  void classifierRecord_hasNoRegressionFields() {
    Dataset data = Dataset.of("c", new int[] {1}, new float[] {-1, 1}, new int[] {0, 1}, List.of());
    TfliteModel model = RegressionModels.linear("linear", new float[] {1}, new float[] {0});
    EvaluationResult result = Evaluator.defaults().evaluate(model, data);

    String json =
        RunRecords.toJson(
            RunRecord.create(
                data,
                EnvironmentSummary.of(Evaluator.defaults()),
                Optional.empty(),
                List.of(VariantRecord.of(model, result))));

    // Records of classifiers look as before, so older readers and older records agree.
    assertThat(json, not(containsString("regression")));
  }
}
