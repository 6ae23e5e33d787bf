package io.github.modelbudget.reports;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.results.RunRecord;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The three outputs of a report run side by side: the HTML page, the Markdown summary and the JSON
 * summary.
 *
 * @param html the HTML report
 * @param markdown the Markdown summary
 * @param json the JSON summary
 */
public record ReportFiles(Path html, Path markdown, Path json) {

  /** Validates. */
  public ReportFiles {
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(json, "json");
  }

  /**
   * Names the outputs in a directory: {@code report.html}, {@code summary.md} and {@code
   * summary.json}.
   *
   * @param dir the directory
   * @return the files
   */
  public static ReportFiles in(Path dir) {
    return new ReportFiles(
        dir.resolve("report.html"), dir.resolve("summary.md"), dir.resolve("summary.json"));
  }

  /**
   * Renders all three outputs in memory, then writes each atomically, so that an error while
   * rendering leaves no file behind.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @return these files
   * @throws java.io.UncheckedIOException if a file cannot be written
   */
  public ReportFiles write(RunRecord record, Optional<RunRecord> previous) {
    RunSummary summary = RunSummary.of(record, previous);
    String page = HtmlReport.render(record, previous);
    String md = MarkdownSummary.render(summary);
    String js = JsonSummary.render(summary);
    AtomicFiles.writeString(html, page);
    AtomicFiles.writeString(markdown, md);
    AtomicFiles.writeString(json, js);
    return this;
  }
}
