package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.results.RunRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model and class names come from files and are untrusted: they must show as text in every output
 * and never become markup or script.
 */
class UntrustedNamesTest {

  static final String MODEL = "<script>alert(1)</script>.tflite";
  static final String CLASS = "\"><img src=x onerror=alert(1)>";

  private static RunRecord run;
  private static String html;
  private static Document page;

  @BeforeAll
  static void render() {
    run = hostileRun();
    html = HtmlReport.render(run, Optional.empty());
    page = Jsoup.parse(html);
  }

  /** A real evaluation whose baseline and one class carry markup in their names. */
  static RunRecord hostileRun() {
    return RunFixtures.realRun(MODEL, "pruned", List.of("eiffel_tower", CLASS));
  }

  @Test
  void modelName_appearsAsTextOnly() {
    assertThat(
        page.select("#comparison-table tbody tr.variant td.name a").eachText(), hasItem(MODEL));
    assertThat(page.selectFirst("details#variant-0 summary").text(), is(MODEL + " (baseline)"));
    assertThat(page.select("script"), hasSize(3));
    assertThat(html, not(containsString("<script>alert(1)")));
  }

  @Test
  void className_appearsAsTextOnly() {
    assertThat(
        page.select("details#variant-0 table.confusion-matrix thead th").eachText(),
        contains("actual ＼ predicted", "eiffel_tower", CLASS));
    assertThat(page.selectFirst("#dataset").text(), containsString(CLASS));
    assertThat(page.select("img"), empty());
    assertThat(page.select("[onerror]"), empty());
    assertThat(html, not(containsString("<img")));
  }

  @Test
  void attributes_holdTheNameEscaped() {
    assertThat(
        page.select("#comparison-table tbody tr.variant").eachAttr("data-variant"), hasItem(MODEL));
  }

  @Test
  void chartData_cannotCloseItsScriptElement() throws IOException {
    String data = page.selectFirst("#report-data").data();

    assertThat(data, not(containsString("<")));
    assertThat(data, not(containsString(">")));
    assertThat(data, containsString("\\u003C/script\\u003E"));
    assertThat(
        new ObjectMapper().readTree(data).get("variants").get(0).get("name").asText(), is(MODEL));
  }

  @Test
  void markdown_escapesNames() {
    String md = MarkdownSummary.render(run, Optional.empty());

    assertThat(md, not(containsString("<script>")));
    assertThat(md, containsString("&lt;script&gt;alert\\(1\\)&lt;/script&gt;.tflite (baseline)"));
  }

  @Test
  void markdownEscape_neutralisesTableAndLinkSyntax() {
    assertThat(
        MarkdownSummary.escape("a|b [x](y) *z*\n<i>&"),
        is("a\\|b \\[x\\]\\(y\\) \\*z\\* &lt;i&gt;&amp;"));
  }
}
