package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.results.LayerSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The per-layer table and chart under a variant's details. */
class LayerTableTest {

  private static final String VARIANT = "pruned";

  private static final LayerSummary LAYERS =
      new LayerSummary(
          "baseline",
          400,
          List.of(
              layer("logits", OptionalDouble.of(12.06), 9.58, true),
              layer("dense_2/relu", OptionalDouble.of(0.43), 41.3, false),
              layer("<b>dense_1</b>", OptionalDouble.empty(), Double.POSITIVE_INFINITY, false)));

  @Test
  void variantWithLayers_showsThemWorstFirstWithTheFlaggedRowMarked() {
    Document page = render();

    Element details =
        page.select("details.variant-details").stream()
            .filter(d -> d.selectFirst("summary").text().equals(VARIANT))
            .findFirst()
            .orElseThrow();
    Element table = details.selectFirst("table.layers");
    List<String> tensors = table.select("tbody tr").eachAttr("data-tensor");
    assertThat(tensors, contains("logits", "dense_2/relu", "<b>dense_1</b>"));
    Element first = table.selectFirst("tbody tr");
    assertThat(first.hasClass("flagged"), is(true));
    assertThat(first.selectFirst("span.flag").text(), is("!"));
    assertThat(first.selectFirst("td.rmse-scale").text(), is("12.060"));
    Element last = table.select("tbody tr").last();
    assertThat(last.hasClass("flagged"), is(false));
    assertThat(last.selectFirst("td.rmse-scale").text(), is(Formats.NONE));
    assertThat(last.selectFirst("td.snr").text(), is("∞"));
    assertThat(details.selectFirst("p.note + div canvas.chart-layers") != null, is(true));
    assertThat(details.text(), containsString("Against baseline on 400 samples"));
  }

  @Test
  void chartData_isJsonWithAnUnboundedSnrAsNull() throws IOException {
    Element canvas = render().selectFirst("canvas.chart-layers");

    JsonNode chart = new ObjectMapper().readTree(canvas.attr("data-chart"));

    assertThat(chart.get("tensors").get(2).asText(), is("<b>dense_1</b>"));
    assertThat(chart.get("snrDb").get(0).asDouble(), is(9.58));
    assertThat(chart.get("snrDb").get(2).isNull(), is(true));
    assertThat(chart.get("flagged").get(0).asBoolean(), is(true));
  }

  @Test
  void variantsWithoutLayers_haveNoLayerSection() {
    Document page = Jsoup.parse(HtmlReport.render(RunFixtures.realRun(), Optional.empty()));

    assertThat(page.selectFirst("table.layers"), is(nullValue()));
    assertThat(page.selectFirst("canvas.chart-layers"), is(nullValue()));
  }

  private static Document render() {
    return Jsoup.parse(HtmlReport.render(runWithLayers(), Optional.empty()));
  }

  /**
   * The real run with a per-layer comparison (one flagged tensor of three) on the pruned variant.
   */
  static RunRecord runWithLayers() {
    RunRecord run = RunFixtures.realRun();
    List<VariantRecord> variants = new ArrayList<>();
    for (VariantRecord v : run.variants()) {
      variants.add(v.name().equals(VARIANT) ? v.withLayers(LAYERS) : v);
    }
    return RunFixtures.withVariants(run, variants);
  }

  private static LayerSummary.Layer layer(
      String tensor, OptionalDouble rmseOverScale, double snr, boolean flagged) {
    return new LayerSummary.Layer(
        tensor,
        tensor,
        "FULLY_CONNECTED",
        0,
        "NAME",
        16,
        0.01,
        0.2,
        0.004,
        0.063,
        rmseOverScale,
        snr,
        0.99,
        flagged);
  }
}
