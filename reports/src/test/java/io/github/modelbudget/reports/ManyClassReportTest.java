package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.eval.TopKCounts;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report of a 1001-way classifier evaluated in the real runtime: a top-5 column, and a
 * per-class section of the worst classes and the most frequent confusions instead of a million-cell
 * matrix.
 *
 * <p>The model puts class {@code c} at angle {@code θ_c = 2πc / 1001} and scores {@code cos(θ_c −
 * φ)} for an input {@code (cos φ, sin φ)}: a sample at {@code θ_p} is predicted {@code p}, so the
 * test chooses every cell of the confusion matrix.
 */
class ManyClassReportTest {

  private static final int CLASSES = 1001;

  private static RunRecord run;
  private static String html;
  private static Document page;

  private static TfliteModel angles(String name, float[] gains) {
    float[] w = new float[CLASSES * 2];
    for (int c = 0; c < CLASSES; c++) {
      double theta = 2 * Math.PI * c / CLASSES;
      w[2 * c] = (float) (gains[c] * Math.cos(theta));
      w[2 * c + 1] = (float) (gains[c] * Math.sin(theta));
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 2);
    TensorRef kernel = b.constant("dense/kernel", w, CLASSES, 2);
    TensorRef bias = b.constant("dense/bias", new float[CLASSES], CLASSES);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, CLASSES);
    TensorRef p = b.tensor("predictions", TensorType.FLOAT32, -1, CLASSES);
    b.fullyConnected(x, kernel, bias, logits, Activation.NONE).softmax(logits, p, 1f).output(p);
    return b.build(name);
  }

  private static void add(List<float[]> rows, List<Integer> labels, int label, int at, int times) {
    double phi = 2 * Math.PI * at / CLASSES;
    for (int i = 0; i < times; i++) {
      rows.add(new float[] {(float) Math.cos(phi), (float) Math.sin(phi)});
      labels.add(label);
    }
  }

  @BeforeAll
  static void evaluate() {
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < 1000; c++) {
      if (c < 50 || c > 54) {
        add(rows, labels, c, c, 1); // one right answer for every class but 50..54 (and 1000)
      }
    }
    add(rows, labels, 10, 11, 6); // recall 1/7
    add(rows, labels, 20, 500, 4); // 1/5
    add(rows, labels, 30, 31, 3); // 1/4
    add(rows, labels, 40, 41, 2); // 1/3
    for (int c = 50; c <= 54; c++) {
      add(rows, labels, c, c + 1, 1); // recall 0
    }
    float[] x = new float[rows.size() * 2];
    for (int i = 0; i < rows.size(); i++) {
      x[2 * i] = rows.get(i)[0];
      x[2 * i + 1] = rows.get(i)[1];
    }
    Dataset data =
        Dataset.of(
            "imagenet-val.npz",
            new int[] {2},
            x,
            labels.stream().mapToInt(Integer::intValue).toArray(),
            List.of());
    float[] gains = new float[CLASSES];
    java.util.Arrays.fill(gains, 4f);
    float[] weaker = gains.clone();
    for (int c = 0; c < CLASSES; c += 3) {
      weaker[c] = 3.9f; // every third class scores a little lower: some neighbours overtake it
    }
    Evaluator evaluator = Evaluator.defaults().withThreads(2).withBatchSize(64);
    TfliteModel baseline = angles("baseline", gains);
    TfliteModel variant = angles("quantized", weaker);
    EvaluationResult base = evaluator.evaluate(baseline, data);
    EvaluationResult result = evaluator.evaluate(variant, data);
    Comparison comparison = Comparison.of(base, result);
    Budget budget =
        Budget.none()
            .with(Metric.MIN_TOP_K_ACCURACY, "90%")
            .with(Metric.MAX_TOP_K_ACCURACY_DROP, "50%");
    run =
        RunRecord.create(
            data,
            EnvironmentSummary.of(evaluator),
            Optional.of("baseline"),
            List.of(
                VariantRecord.of(baseline, base),
                VariantRecord.of(variant, result)
                    .withComparison(comparison)
                    .withBudget(
                        BudgetCheck.check(
                            budget,
                            Measurements.of("quantized")
                                .withEvaluation(result)
                                .withComparison(comparison)))));
    html = HtmlReport.render(run, Optional.empty());
    page = Jsoup.parse(html);
  }

  private static RunRecord withQuantized(VariantRecord replacement) {
    return run.withVariants(
        run.variants().stream().map(v -> v.name().equals("quantized") ? replacement : v).toList());
  }

  @Test
  void previousRun_withMoreTopFiveHits_flagsTheTopFiveDrop_anOlderRecordSaysItCannotCompare() {
    VariantRecord quantized = run.variant("quantized").orElseThrow();
    TopKCounts counts = quantized.evaluation().topKCounts().orElseThrow();
    List<Long> better = new ArrayList<>(counts.hits());
    for (int k = 4; k < better.size(); k++) {
      better.set(k, Math.min(counts.samples(), better.get(k) + 10));
    }
    RunRecord previous =
        withQuantized(
            RunFixtures.withTopKCounts(
                quantized, Optional.of(new TopKCounts(counts.samples(), better))));
    RunRecord older = withQuantized(RunFixtures.withTopKCounts(quantized, Optional.empty()));

    PreviousRunComparison dropped = PreviousRunComparison.of(run, previous);
    PreviousRunComparison unknown = PreviousRunComparison.of(run, older);

    Regression r = dropped.regressions().get(0);
    assertThat(r.variant(), is("quantized"));
    assertThat(r.metric(), is("top5Accuracy"));
    assertThat(r.previous(), is((double) better.get(4) / counts.samples()));
    assertThat(r.current(), is(quantized.evaluation().topK(5).orElseThrow().accuracy()));
    assertThat(r.message(), containsString("top-5 accuracy "));
    assertThat(PreviousRunComparison.of(run, run).regressions(), is(List.of()));
    assertThat(unknown.regressions(), is(List.of()));
    assertThat(
        unknown.notCompared(),
        contains(
            "top-5 accuracy of quantized: the previous run's record has no top-k counts (written"
                + " before top-k accuracy was measured)"));
  }

  private static Element details(String variant) {
    String anchor =
        page.selectFirst("#comparison-table tr.variant[data-variant=" + variant + "]")
            .attr("data-anchor");
    return page.getElementById(anchor);
  }

  @Test
  void pageAtAThousandClasses_staysSmall() {
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    // Chart.js alone is about 206 kB; the full matrix would add millions of cells per variant.
    assertThat(bytes, lessThan(300_000));
  }

  @Test
  void runRecordAtAThousandClasses_staysSmall_andReadsBackTheSameMatrices() {
    String json = RunRecords.toJson(run);
    System.out.println("1001-class run record of two variants: " + json.length() + " characters");

    // Each full matrix would be at least a million cells of "0, ": 3 MB a variant. What is left
    // is mostly the per-class metrics (about 150 kB a variant).
    assertThat(json.length(), lessThan(600_000));
    RunRecord read = RunRecords.fromJson("run.json", json);
    for (VariantRecord v : run.variants()) {
      assertThat(
          read.variant(v.name()).orElseThrow().evaluation().confusionMatrix(),
          is(v.evaluation().confusionMatrix()));
    }
  }

  @Test
  void perClass_showsNoMatrixButTheWorstClassesAndConfusions() {
    Element baseline = details("baseline");
    assertThat(baseline.selectFirst("table.confusion-matrix"), is(nullValue()));
    assertThat(baseline.selectFirst("table.class-metrics"), is(nullValue()));
    assertThat(
        baseline.selectFirst("p.per-class-note").text(),
        containsString("1,001 classes, 1,000 of them in the data"));

    List<String> worst =
        baseline.select("table.worst-classes tbody tr").stream()
            .map(r -> r.child(0).text())
            .toList();
    assertThat(worst.size(), is(20));
    // Recall 0 first (index order), then 1/7, 1/5, 1/4, 1/3, then the perfect ones in index order.
    assertThat(
        worst.subList(0, 12),
        contains("50", "51", "52", "53", "54", "10", "20", "30", "40", "0", "1", "2"));
    Element ten = baseline.select("table.worst-classes tbody tr").get(5);
    assertThat(ten.child(1).text(), is("7")); // support
    assertThat(ten.child(2).text(), is("6")); // missed
    assertThat(ten.child(3).text(), is("14.29%")); // recall

    List<List<String>> confusions =
        baseline.select("table.top-confusions tbody tr").stream()
            .map(r -> r.children().eachText())
            .toList();
    assertThat(confusions.size(), is(9));
    assertThat(confusions.get(0), contains("10", "11", "6", "85.71%"));
    assertThat(confusions.get(1), contains("20", "500", "4", "80.00%"));
    assertThat(confusions.get(2), contains("30", "31", "3", "75.00%"));
    assertThat(confusions.get(3), contains("40", "41", "2", "66.67%"));
    assertThat(confusions.get(4), contains("50", "51", "1", "100.00%"));
  }

  @Test
  void comparisonTable_hasATopFiveColumnWithTheRecordsNumbers() {
    assertThat(
        page.select("#comparison-table thead th").eachText().stream()
            .anyMatch(t -> t.startsWith("Top-5 accuracy")),
        is(true));
    for (VariantRecord v : run.variants()) {
      TopKAccuracy top5 = v.evaluation().topK(5).orElseThrow();
      Element cell =
          page.selectFirst(
              "#comparison-table tr.variant[data-variant=" + v.name() + "] td.top-k .value");
      assertThat(cell.text(), is(String.format(Locale.ROOT, "%.2f%%", 100 * top5.accuracy())));
    }
    Element quantized = details("quantized");
    assertThat(
        quantized.select("dl.evaluation dt").eachText().contains("top-5 accuracy (95% CI)"),
        is(true));
    assertThat(
        quantized.select("dl.drift dt").eachText().contains("top-5 McNemar p (exact)"), is(true));
  }

  @Test
  void topKBudgetLines_nameTheirK() {
    List<String> labels =
        details("quantized").select("table.budget-lines tbody tr td:eq(1)").eachText();
    assertThat(
        labels,
        contains("minTopKAccuracy top-5 accuracy", "maxTopKAccuracyDrop top-5 accuracy drop"));
  }

  @Test
  void markdown_hasTheTopFiveColumns() {
    String md = MarkdownSummary.render(run, Optional.empty());
    assertThat(md, containsString("| Top-5 (95% CI) | Top-5 Δ (McNemar p) |"));
  }
}
