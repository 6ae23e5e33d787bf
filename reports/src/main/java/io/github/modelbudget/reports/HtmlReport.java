package io.github.modelbudget.reports;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes the comparison report of a run as one self-contained HTML file: the verdict, the dataset
 * and environment, the comparison table, charts, a details section per variant and, when a previous
 * run is given, what got worse since. Chart.js is inlined, so the file opens offline.
 *
 * <p>The page comes from a Pebble template with automatic HTML escaping; model and class names are
 * untrusted text and appear only as text. The charts' numbers are embedded as JSON whose {@code <},
 * {@code >} and {@code &} are escaped.
 */
public final class HtmlReport {

  /** The Chart.js version inlined into every report. */
  public static final String CHART_JS_VERSION = "4.4.7";

  private static final String CHART_JS_RESOURCE =
      "META-INF/resources/webjars/chart.js/" + CHART_JS_VERSION + "/dist/chart.umd.js";
  private static final String TEMPLATES = "io/github/modelbudget/reports/";

  private static final PebbleEngine ENGINE = engine();

  private HtmlReport() {}

  /**
   * Renders the report of a run.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @return the HTML page
   */
  public static String render(RunRecord record, Optional<RunRecord> previous) {
    Objects.requireNonNull(record, "record");
    RunSummary summary = RunSummary.of(record, previous);
    List<VariantRow> rows = VariantRow.of(summary);
    List<VariantRecord> ordered = record.variants();
    OptionalInt topK = RunSummary.topK(ordered);
    List<VariantDetails> details = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      details.add(VariantDetails.of(ordered.get(i), rows.get(i), topK));
    }
    Map<String, Object> context = new HashMap<>();
    context.put("summary", summary);
    context.put("settings", Formats.settings(summary.environment()));
    context.put("timestamp", Formats.timestamp(summary.timestamp()));
    context.put("rows", rows);
    context.put("details", details);
    context.put("previous", summary.previous().orElse(null));
    context.put(
        "topK",
        rows.stream().anyMatch(r -> !r.topK().equals(Formats.NONE)) && topK.isPresent()
            ? topK.getAsInt()
            : null);
    context.put("regression", rows.stream().anyMatch(VariantRow::regression));
    context.put("hasLatency", rows.stream().anyMatch(r -> !r.latencyP50().equals(Formats.NONE)));
    context.put("anyViolation", rows.stream().anyMatch(r -> !r.violations().isEmpty()));
    context.put("digestShort", shortDigest(summary.dataset().sha256()));
    context.put("chartData", Json.htmlSafe(ChartData.of(summary)));
    context.put("chartJs", Scripts.CHART_JS);
    context.put("reportJs", Scripts.REPORT_JS);
    context.put("chartJsVersion", CHART_JS_VERSION);
    context.put("schemaVersion", record.schemaVersion());
    StringWriter out = new StringWriter(Scripts.CHART_JS.length() + 64 * 1024);
    try {
      PebbleTemplate template = ENGINE.getTemplate("report.peb");
      template.evaluate(out, context, Locale.ROOT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the HTML report: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * Renders the report of a run and writes it atomically: the page is rendered in memory first,
   * then written to a temporary file beside {@code out} and moved into place, so a failed run
   * leaves no half-written report.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @param out the HTML file to write; its directory is created if needed
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(RunRecord record, Optional<RunRecord> previous, Path out) {
    AtomicFiles.writeString(out, render(record, previous));
  }

  private static PebbleEngine engine() {
    ClasspathLoader loader = new ClasspathLoader(HtmlReport.class.getClassLoader());
    loader.setPrefix(TEMPLATES);
    return new PebbleEngine.Builder()
        .loader(loader)
        .autoEscaping(true)
        .strictVariables(true)
        .defaultLocale(Locale.ROOT)
        .newLineTrimming(true)
        .build();
  }

  private static String shortDigest(String sha256) {
    return sha256.length() > 16 ? sha256.substring(0, 16) + "…" : sha256;
  }

  /** The scripts inlined into every page, read once from the classpath. */
  private static final class Scripts {

    static final String CHART_JS = script(CHART_JS_RESOURCE);
    static final String REPORT_JS = script(TEMPLATES + "report.js");

    private static String script(String resource) {
      try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "resource "
                  + resource
                  + " is missing from the classpath: the reports module's jar"
                  + " or its chart.js WebJar dependency is incomplete");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.toLowerCase(Locale.ROOT).contains("</script")) {
          throw new IllegalStateException(
              "resource " + resource + " contains </script and cannot be inlined");
        }
        return text;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
  }
}
