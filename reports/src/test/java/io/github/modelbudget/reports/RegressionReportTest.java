package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reports of a regression family: MAE and RMSE where a classifier's report has accuracy. */
class RegressionReportTest {

  private static RunRecord run;

  /** A linear baseline, a variant off by 0.2 (an MAE budget it violates) and an exact copy. */
  static RunRecord regressionRun() {
    SplittableRandom random = new SplittableRandom(3L);
    int n = 120;
    float[] x = new float[n];
    float[] t = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
      t[i] = 0.5f * x[i] + (float) ((random.nextDouble() - 0.5) * 0.1);
    }
    Dataset data = Dataset.ofTargets("sine", new int[] {1}, x, t, 1);
    Evaluator evaluator = Evaluator.defaults();
    TfliteModel base = linear("baseline", 0f);
    TfliteModel shifted = linear("shifted", 0.2f);
    EvaluationResult baseResult = evaluator.evaluate(base, data);
    EvaluationResult shiftedResult = evaluator.evaluate(shifted, data);
    Comparison comparison =
        Comparison.of(baseResult, shiftedResult, ModelSizes.of(base), ModelSizes.of(shifted));
    Budget budget = Budget.none().with(Metric.MAX_MAE_INCREASE, "10%").with(Metric.MAX_MAE, "1");
    VariantRecord b =
        VariantRecord.of(base, baseResult)
            .withBudget(
                BudgetCheck.check(
                    budget, Measurements.of("baseline").withEvaluation(baseResult).asBaseline()));
    VariantRecord v =
        VariantRecord.of(shifted, shiftedResult)
            .withComparison(comparison)
            .withBudget(
                BudgetCheck.check(
                    budget,
                    Measurements.of("shifted")
                        .withEvaluation(shiftedResult)
                        .withComparison(comparison)));
    return RunRecord.create(
        data, EnvironmentSummary.of(evaluator), Optional.of("baseline"), List.of(b, v));
  }

  private static TfliteModel linear(String name, float intercept) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("dense/kernel", new float[] {0.5f}, 1, 1);
    TensorRef bias = b.constant("dense/bias", new float[] {intercept}, 1);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, y, Activation.NONE).output(y);
    return b.build(name);
  }

  @BeforeAll
  static void evaluate() {
    run = regressionRun();
  }

  @Test
  void html_comparisonTable_showsMaeAndRmseInsteadOfAccuracy() {
    Document page = Jsoup.parse(HtmlReport.render(run, Optional.empty()));

    Element table = page.getElementById("comparison-table");
    String header = table.select("thead th").text();
    assertThat(
        header, allOf(containsString("MAE"), containsString("RMSE"), containsString("Wilcoxon p")));
    assertThat(header, not(containsString("Accuracy")));
    int columns = table.select("thead th").size();
    for (Element row : table.select("tbody tr")) {
      assertThat(row.text(), row.select("td").size(), is(columns));
    }
    Element shifted = table.selectFirst("tr[data-variant=shifted]");
    double mae = run.variant("shifted").orElseThrow().evaluation().regression().orElseThrow().mae();
    assertThat(shifted.selectFirst("td.mae .value").text(), is(Formats.error(mae)));
    assertThat(shifted.selectFirst(".significant").text(), is("significant"));
    assertThat(page.getElementById("chart-accuracy"), is((Element) null));
    assertThat(page.getElementById("chart-mae").tagName(), is("canvas"));
    assertThat(page.getElementById("report-data").data(), containsString("\"maeLower\""));
    assertThat(page.text(), not(containsString("NaN")));
    assertThat(page.select("table.confusion-matrix").size(), is(0));
    assertThat(page.select("dl.evaluation").text(), containsString("MAE (95% CI)"));
    assertThat(page.select("dl.drift").text(), containsString("Wilcoxon signed-rank p"));
    // The relative limit is shown as a percentage, measured and margin alike.
    Element line = page.select("table.budget-lines tr[data-metric=maxMaeIncrease]").last();
    assertThat(line.selectFirst("td.measured").text(), containsString("%"));
  }

  @Test
  void markdown_summary_showsMaeColumns() {
    String md = MarkdownSummary.render(run, Optional.empty());

    assertThat(
        md,
        allOf(
            containsString("| Variant | MAE (95% CI) | Δ MAE vs baseline | Wilcoxon p"),
            containsString("RMSE")));
    String header = md.lines().filter(l -> l.startsWith("| Variant")).findFirst().orElseThrow();
    String separator = md.lines().filter(l -> l.startsWith("|---")).findFirst().orElseThrow();
    String row = md.lines().filter(l -> l.startsWith("| shifted")).findFirst().orElseThrow();
    long cells = header.chars().filter(c -> c == '|').count();
    assertThat(separator.chars().filter(c -> c == '|').count(), is(cells));
    assertThat(row.chars().filter(c -> c == '|').count(), is(cells));
    assertThat(md, not(containsString("NaN")));
  }

  @Test
  void previousRun_withLowerMae_makesTheVariantLessAccurate() {
    VariantRecord base = run.variants().get(0);
    VariantRecord shifted = run.variants().get(1);
    // The previous run's "shifted" had the baseline's errors.
    VariantRecord before =
        new VariantRecord(
            "shifted",
            shifted.sha256(),
            shifted.sizes(),
            base.inspection(),
            base.evaluation(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty());
    RunRecord previous = RunFixtures.withVariants(run, List.of(base, before));

    PreviousRunComparison changes = PreviousRunComparison.of(run, previous);

    assertThat(changes.regressions().size(), is(1));
    assertThat(changes.regressions().get(0).metric(), is("mae"));
    assertThat(changes.regressions().get(0).message(), containsString("MAE "));
    assertThat(PreviousRunComparison.of(run, run).regressions().isEmpty(), is(true));
  }
}
