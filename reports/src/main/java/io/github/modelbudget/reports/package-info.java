/**
 * Reports of a run record: one self-contained HTML page comparing every variant with the baseline
 * ({@link io.github.modelbudget.reports.HtmlReport}), a Markdown summary for CI step summaries and
 * pull-request comments ({@link io.github.modelbudget.reports.MarkdownSummary}) and a JSON summary
 * for machines ({@link io.github.modelbudget.reports.JsonSummary}).
 *
 * <pre>{@code
 * RunRecord run = ReportInputs.readAll(List.of(Path.of("target/modelbudget/run-1.json"),
 *                                              Path.of("target/modelbudget/run-2.json")));
 * Optional<RunRecord> previous = Optional.of(ReportInputs.read(Path.of("main-run.json")));
 * ReportFiles.in(Path.of("target/modelbudget/report")).write(run, previous);
 * // report.html, summary.md and summary.json, each written atomically
 * }</pre>
 *
 * <p>The page opens offline: Chart.js is inlined from its WebJar, and nothing is loaded from the
 * network. Model and class names are untrusted text: the page is rendered from a Pebble template
 * with automatic escaping, the charts' data is embedded as JSON with {@code <}, {@code >} and
 * {@code &} escaped, and the Markdown escapes its own syntax.
 */
package io.github.modelbudget.reports;
