package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.budget.Violation;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated HTML, parsed with jsoup: table, numbers, charts, violations, previous run. */
class HtmlReportTest {

  private static RunRecord run;
  private static Document page;

  @BeforeAll
  static void render() {
    run = RunFixtures.realRun();
    page = Jsoup.parse(HtmlReport.render(run, Optional.empty()));
  }

  private static Element row(String variant) {
    return page.selectFirst("#comparison-table tr.variant[data-variant=" + variant + "]");
  }

  /** The "Weights" facts of a variant's details, as text. */
  private static String weights(String variant) {
    String anchor = row(variant).attr("data-anchor");
    return page.selectFirst("details#" + anchor + " dl.weights").text();
  }

  @Test
  void table_hasEveryVariant_baselineFirst() {
    List<String> names = page.select("#comparison-table tbody tr.variant").eachAttr("data-variant");

    assertThat(names, contains("baseline", "pruned", "quantized", "pruned_quantized"));
    assertThat(page.select("#comparison-table tbody tr").first().hasClass("baseline"), is(true));
  }

  @Test
  void table_showsTheRecordsNumbers() {
    for (VariantRecord v : run.variants()) {
      Element row = row(v.name());
      assertThat(
          row.selectFirst("td.accuracy .value").text(),
          is(String.format(Locale.ROOT, "%.2f%%", v.evaluation().accuracy() * 100)));
      assertThat(
          row.selectFirst("td.accuracy .interval").text(),
          is(
              String.format(
                  Locale.ROOT,
                  "%.2f–%.2f%%",
                  v.evaluation().accuracyInterval().lower() * 100,
                  v.evaluation().accuracyInterval().upper() * 100)));
      assertThat(
          row.selectFirst(".zip-size").text(),
          is(String.format(Locale.ROOT, "%,d", v.sizes().zip())));
      assertThat(
          row.selectFirst(".nonzero").text(),
          is(String.format(Locale.ROOT, "%,d", v.inspection().nonzeroParameters())));
    }
    VariantRecord pruned = run.variant("pruned").orElseThrow();
    Comparison c = pruned.comparison().orElseThrow();
    Element row = row("pruned");
    assertThat(
        row.selectFirst("td.delta .value").text(),
        is(String.format(Locale.ROOT, "%+.2f pp", c.accuracyDelta() * 100)));
    assertThat(
        row.selectFirst("td.agreement").text(),
        is(String.format(Locale.ROOT, "%.2f%%", c.agreement() * 100)));
    assertThat(
        row.selectFirst("td.delta .significant").text(),
        is(c.mcNemarP() < 0.05 ? "significant" : "not significant"));
    double ratio = (double) pruned.sizes().zip() / run.variants().get(0).sizes().zip();
    assertThat(
        row.selectFirst(".zip-ratio").text(), is(String.format(Locale.ROOT, "%.3f×", ratio)));
    assertThat(row.selectFirst(".sparsity").text(), startsWith("4"));
  }

  @Test
  void table_namesWeightStorageAndLatency() {
    assertThat(weights("baseline"), containsString("weight storage float32"));
    assertThat(weights("quantized"), containsString("weight storage int8 hybrid"));
    assertThat(row("baseline").selectFirst(".latency-p50").text(), is("42.0 µs"));
    assertThat(row("pruned_quantized").selectFirst(".latency-p50").text(), is("—"));
    assertThat(row("baseline").selectFirst("td.delta").text(), is("—"));
  }

  @Test
  void header_showsVerdictDatasetAndEnvironment() {
    assertThat(page.selectFirst("#verdict").text(), is("1 violation, 1 warning"));
    assertThat(page.selectFirst("#verdict").hasClass("failed"), is(true));
    String dataset = page.selectFirst("#dataset").text();
    assertThat(dataset, containsString("seeded-gaussian"));
    assertThat(dataset, containsString(Integer.toString(RunFixtures.SAMPLES)));
    assertThat(dataset, containsString(run.dataset().sha256()));
    String environment = page.selectFirst("#environment").text();
    assertThat(environment, containsString("tflite " + run.environment().runtimeVersion()));
    assertThat(environment, containsString(run.environment().jvm()));
    assertThat(environment, containsString(run.environment().os()));
    assertThat(environment, containsString(Formats.timestamp(run.timestamp())));
    assertThat(environment, containsString("1 evaluator thread (1 per interpreter)"));
  }

  @Test
  void violations_listedWithTheirMessages() {
    List<Violation> expected = new ArrayList<>();
    run.variants().forEach(v -> v.budgets().forEach(o -> expected.addAll(o.violations())));
    Elements items = page.select("#violations li");

    assertThat(items, hasSize(expected.size()));
    assertThat(items.get(0).text(), containsString("pruned"));
    assertThat(items.get(0).text(), containsString(expected.get(0).message()));
    assertThat(items.get(0).hasClass("error"), is(true));
    assertThat(items.get(1).hasClass("warn"), is(true));
    assertThat(row("pruned").selectFirst(".status").text(), is("violated"));
    assertThat(row("quantized").selectFirst(".status").text(), is("met, 1 warning"));
    assertThat(row("baseline").selectFirst(".status").text(), is("no budget"));
  }

  @Test
  void charts_presentWithChartJsInlinedAndNoExternalResources() throws IOException {
    assertThat(
        page.select("canvas").eachAttr("id"),
        contains("chart-accuracy-size", "chart-size", "chart-accuracy", "chart-latency"));
    assertThat(page.select("script[src], link[href], img[src], iframe"), empty());
    Elements scripts = page.select("script");
    assertThat(scripts, hasSize(3));
    assertThat(scripts.get(1).data(), containsString("Chart"));
    assertThat(scripts.get(1).data().length(), greaterThan(150_000));
    assertThat(page.html(), not(containsString("cdn")));

    JsonNode data = new ObjectMapper().readTree(page.selectFirst("#report-data").data());
    assertThat(data.get("variants").size(), is(4));
    assertThat(
        data.get("variants").get(0).get("zipBytes").asLong(),
        is(run.variants().get(0).sizes().zip()));
    assertThat(data.get("variants").get(0).get("baseline").asBoolean(), is(true));
    assertThat(data.get("paretoFront").size(), greaterThan(0));
    assertThat(data.get("latency").asBoolean(), is(true));
  }

  @Test
  void paretoFront_taggedInTableAndEmbedded() throws IOException {
    JsonNode data = new ObjectMapper().readTree(page.selectFirst("#report-data").data());
    List<String> front = new ArrayList<>();
    data.get("paretoFront").forEach(n -> front.add(n.asText()));
    List<String> tagged = new ArrayList<>();
    for (Element row : page.select("#comparison-table tr.variant")) {
      if (row.select(".tag").eachText().contains("Pareto")) {
        tagged.add(row.attr("data-variant"));
      }
    }
    assertThat(tagged.stream().sorted().toList(), is(front.stream().sorted().toList()));
    VariantRecord smallest =
        run.variants().stream()
            .min(
                java.util.Comparator.comparingLong((VariantRecord v) -> v.sizes().zip())
                    .thenComparing(v -> -v.evaluation().accuracy()))
            .orElseThrow();
    assertThat(front.get(0), is(smallest.name()));
  }

  @Test
  void details_showConfusionMatrixAndDrift() {
    VariantRecord pruned = run.variant("pruned").orElseThrow();
    Element details = page.selectFirst("details#variant-1");
    assertThat(details.selectFirst("summary").text(), is("pruned"));
    Elements cells = details.select("table.confusion-matrix tbody td");
    List<String> expected = new ArrayList<>();
    pruned
        .evaluation()
        .confusionMatrix()
        .counts()
        .forEach(r -> r.forEach(n -> expected.add(Long.toString(n))));
    assertThat(cells.eachText(), is(expected));
    assertThat(
        details.select("table.confusion-matrix thead th").eachText(),
        contains("actual ＼ predicted", "eiffel_tower", "mona_lisa"));
    String drift = details.selectFirst("dl.drift").text();
    Comparison c = pruned.comparison().orElseThrow();
    assertThat(drift, containsString(Long.toString(c.baselineOnlyCorrect())));
    assertThat(drift, containsString("max |output difference|"));
    assertThat(page.select("details.variant-details"), hasSize(4));
    assertThat(page.selectFirst("details#variant-0 dl.drift"), is((Element) null));
  }

  @Test
  void details_listOperatorsAndWeightTensorsFromTheRecord() {
    VariantRecord quantized = run.variant("quantized").orElseThrow();
    Element details =
        page.select("details.variant-details").stream()
            .filter(d -> d.selectFirst("summary").text().equals("quantized"))
            .findFirst()
            .orElseThrow();

    assertThat(
        details.select("table.operators tbody td.name").eachText(),
        is(quantized.inspection().operators().stream().map(op -> op.name()).toList()));
    List<String> tensorRows = details.select("table.tensors tbody tr").eachText();
    assertThat(tensorRows, hasSize(quantized.inspection().tensors().size()));
    assertThat(
        String.join("\n", tensorRows),
        allOf(containsString("dense/kernel INT8 [1, 64]"), containsString("per-tensor")));
  }

  /** 100 timings within ±2% of {@code nanos}, in 10 repetitions. */
  private static LatencyStats repeated(long nanos) {
    long[] timings = new long[100];
    for (int i = 0; i < timings.length; i++) {
      timings[i] = nanos + (i * 37 % 41 - 20) * nanos / 1000;
    }
    return LatencyStats.of(timings, 10);
  }

  @Test
  void previousRun_biggerSlowerLessAccurate_flagged() {
    VariantRecord pruned = run.variant("pruned").orElseThrow();
    List<VariantRecord> before = new ArrayList<>(run.variants());
    before.set(
        1,
        RunFixtures.renamed(
            pruned,
            "pruned",
            pruned.sizes().zip() - 500,
            pruned.evaluation().accuracy() + 0.02,
            Optional.of(repeated(10_000))));
    before.add(RunFixtures.renamed(pruned, "retired", 1_000, 0.5, Optional.empty()));
    RunRecord previous = RunFixtures.withVariants(run, before);
    List<VariantRecord> now = new ArrayList<>(run.variants());
    now.set(1, pruned.withLatency(repeated(40_000)));

    Document withPrevious =
        Jsoup.parse(HtmlReport.render(run.withVariants(now), Optional.of(previous)));

    Elements flagged = withPrevious.select("#regressions tr.regression[data-variant=pruned]");
    assertThat(flagged.eachText().toString(), containsString("bigger"));
    assertThat(flagged.select("td.flag").eachText(), contains("bigger", "less accurate", "slower"));
    assertThat(withPrevious.select("#regressions tr.regression"), hasSize(3));
    assertThat(withPrevious.selectFirst("#previous").text(), containsString("retired"));
    assertThat(page.selectFirst("#previous"), is((Element) null));
  }

  @Test
  void previousRunUnchanged_saysNothingGotWorse() {
    Document same = Jsoup.parse(HtmlReport.render(run, Optional.of(run)));

    assertThat(same.selectFirst("#no-regressions").text(), containsString("Nothing got bigger"));
  }

  @Test
  void shards_mergedIntoOneReport(@TempDir Path dir) {
    RunRecord first = RunFixtures.withVariants(run, run.variants().subList(0, 2));
    RunRecord second = RunFixtures.withVariants(run, run.variants().subList(2, 4));
    RunRecords.write(first, dir.resolve("fork-1.json"));
    RunRecords.write(second, dir.resolve("fork-2.json"));

    RunRecord merged =
        ReportInputs.readAll(List.of(dir.resolve("fork-1.json"), dir.resolve("fork-2.json")));
    Document mergedPage = Jsoup.parse(HtmlReport.render(merged, Optional.empty()));

    assertThat(
        mergedPage.select("#comparison-table tbody tr.variant").eachAttr("data-variant"),
        contains("baseline", "pruned", "quantized", "pruned_quantized"));
    assertThat(merged.mergedFrom(), hasSize(2));
  }

  @Test
  void tenVariants_reportUnderTwoMegabytes(@TempDir Path dir) throws IOException {
    RunRecord ten = RunFixtures.manyVariants(10);
    HtmlReport.render(ten, Optional.empty()); // warm-up, so the figure below excludes class loading
    long start = System.nanoTime();
    Path out = dir.resolve("report.html");
    HtmlReport.write(ten, Optional.empty(), out);
    long nanos = System.nanoTime() - start;
    // A rough single figure for the closing note, not an assertion: timings belong in JMH.
    System.out.printf(
        Locale.ROOT,
        "10-variant HTML report rendered and written in %.1f ms (%,d bytes)%n",
        nanos / 1e6,
        Files.size(out));

    assertThat(Files.size(out), lessThan(2L * 1024 * 1024));
    Document tenPage = Jsoup.parse(Files.readString(out, StandardCharsets.UTF_8));
    assertThat(tenPage.select("#comparison-table tbody tr.variant"), hasSize(10));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList(), contains("report.html"));
    }
  }

  @Test
  void reportFiles_writeAllThree(@TempDir Path dir) throws IOException {
    ReportFiles files = ReportFiles.in(dir.resolve("out")).write(run, Optional.empty());

    assertThat(Files.readString(files.html()), startsWith("<!DOCTYPE html>"));
    assertThat(Files.readString(files.markdown()), startsWith("## ModelBudget: ❌"));
    assertThat(
        new ObjectMapper().readTree(files.json().toFile()).get("verdict").get("violations").asInt(),
        is(1));
    try (Stream<Path> listed = Files.list(dir.resolve("out"))) {
      assertThat(
          listed.map(p -> p.getFileName().toString()).sorted().toList(),
          contains("report.html", "summary.json", "summary.md"));
    }
  }

  @Test
  void noBudgets_verdictSaysSo() {
    List<VariantRecord> plain = new ArrayList<>();
    for (VariantRecord v : run.variants()) {
      plain.add(
          new VariantRecord(
              v.name(),
              v.sha256(),
              v.sizes(),
              v.inspection(),
              v.evaluation(),
              v.comparison(),
              List.of(),
              Optional.empty(),
              Optional.empty()));
    }
    Document unchecked =
        Jsoup.parse(HtmlReport.render(RunFixtures.withVariants(run, plain), Optional.empty()));

    assertThat(unchecked.selectFirst("#verdict").text(), is("No budgets checked"));
    assertThat(unchecked.select("canvas#chart-latency"), empty());
    assertThat(unchecked.select("#comparison-table .latency-p50"), empty());
    assertThat(
        unchecked.select("#comparison-table .status").eachText(), everyItem(is("no budget")));
  }

  @Test
  void failingVariant_everyLimitShownWithItsMeasuredValueMarginAndDeclarer() {
    VariantRecord pruned = run.variant("pruned").orElseThrow();
    long limits = pruned.budgets().stream().mapToLong(o -> o.limits().size()).sum();
    String anchor = row("pruned").attr("data-anchor");

    Elements lines = page.select("details#" + anchor + " table.budget-lines tbody tr");

    assertThat(lines, hasSize((int) limits));
    assertThat(limits > 1, is(true));
    for (Element line : lines) {
      assertThat(line.selectFirst("td.limit").text(), not(is("")));
      assertThat(line.selectFirst("td.measured").text(), not(is("—")));
      assertThat(
          line.selectFirst("td.margin").text(),
          either(containsString("to spare")).or(containsString("over")));
    }
    assertThat(lines.select("tr.fail"), hasSize(1));
    assertThat(lines.select("tr.fail td.margin").text(), containsString("over"));
    assertThat(row("pruned").selectFirst("td.budget a").attr("href"), is("#" + anchor + "-budget"));
  }
}
