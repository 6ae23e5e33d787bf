package io.github.modelbudget.reports;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.results.RunRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes the verdict and the comparison table as GitHub-flavoured Markdown, for a CI step summary
 * or a pull-request comment. Names from the run record are escaped, so a model called {@code <img
 * src=x>} or {@code a|b} shows as written and cannot break the table.
 */
public final class MarkdownSummary {

  private MarkdownSummary() {}

  /**
   * Renders the summary of a run.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @return the Markdown text
   */
  public static String render(RunRecord record, Optional<RunRecord> previous) {
    return render(RunSummary.of(record, previous));
  }

  /**
   * Renders a summary.
   *
   * @param summary the summary
   * @return the Markdown text
   */
  public static String render(RunSummary summary) {
    StringBuilder md = new StringBuilder();
    md.append("## ModelBudget: ")
        .append(summary.verdict().passed() ? "✅ " : "❌ ")
        .append(summary.verdict().headline())
        .append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Dataset **%s** (%s samples, sha256 %s) · %s %s, %s · %s%n%n",
            escape(summary.dataset().name()),
            Formats.count(summary.dataset().size()),
            escape(shortDigest(summary.dataset().sha256())),
            escape(summary.environment().backend()),
            escape(summary.environment().runtimeVersion()),
            Formats.settings(summary.environment()),
            Formats.timestamp(summary.timestamp())));
    List<VariantRow> rows = VariantRow.of(summary);
    boolean regression = rows.stream().anyMatch(VariantRow::regression);
    // Top-k columns only when the run reports top-k (10 classes or more, or a top-k budget).
    OptionalInt k =
        regression
            ? OptionalInt.empty()
            : summary.variants().stream()
                .map(VariantSummary::topK)
                .filter(OptionalInt::isPresent)
                .findFirst()
                .orElse(OptionalInt.empty());
    String topKHeader =
        k.isPresent()
            ? " | Top-" + k.getAsInt() + " (95% CI) | Top-" + k.getAsInt() + " Δ (McNemar p)"
            : "";
    md.append(
            regression
                ? "| Variant | MAE (95% CI) | Δ MAE vs baseline | Wilcoxon p | Significant? | RMSE"
                    + " | Max abs error | Agreement"
                : "| Variant | Accuracy (95% CI) | Δ vs baseline | McNemar p | Significant?"
                    + topKHeader
                    + " | Agreement")
        .append(
            " | ZIP (B) | ZIP ratio | gzip (B) | Sparsity | Weights | Latency p50 | Latency p95"
                + " | Budget |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        .append(regression ? "---|---|" : "")
        .append(k.isPresent() ? "---|---|" : "")
        .append('\n');
    for (VariantRow row : rows) {
      md.append("| ")
          .append(escape(row.name()))
          .append(row.baseline() && !row.name().equals("baseline") ? " (baseline)" : "")
          .append(" | ")
          .append(row.accuracy())
          .append(" (")
          .append(row.interval())
          .append(") | ");
      List<String> cells = new ArrayList<>(List.of(row.delta(), row.pValue(), row.significant()));
      if (k.isPresent()) {
        cells.add(row.topK() + " (" + row.topKInterval() + ")");
        cells.add(row.baseline() ? Formats.NONE : row.topKDelta() + " (" + row.topKPValue() + ")");
      }
      if (regression) {
        cells.add(row.rmse());
        cells.add(row.maxError());
      }
      cells.addAll(
          List.of(
              row.agreement(),
              row.zip(),
              row.zipRatio(),
              row.gzip(),
              row.sparsity(),
              escape(row.weightTypes()),
              row.latencyP50(),
              row.latencyP95(),
              (row.statusClass().equals("fail") ? "❌ " : row.statusClass().equals("ok") ? "✅ " : "")
                  + row.status()));
      md.append(String.join(" | ", cells)).append(" |\n");
    }
    boolean anyViolation = rows.stream().anyMatch(r -> !r.violations().isEmpty());
    if (anyViolation) {
      md.append("\n### Violations\n\n");
      for (VariantRow row : rows) {
        for (ViolationSummary v : row.violations()) {
          md.append("- **")
              .append(escape(row.name()))
              .append("** ")
              .append(v.level())
              .append(": ")
              .append(prose(v.message()))
              .append('\n');
        }
      }
    }
    summary
        .previous()
        .ifPresent(
            p -> {
              md.append("\n### Since the previous run\n\n");
              if (p.regressions().isEmpty()) {
                md.append("Nothing got bigger, slower or less accurate.\n");
              }
              for (Regression r : p.regressions()) {
                md.append("- ⚠️ **")
                    .append(escape(r.variant()))
                    .append("** ")
                    .append(r.change())
                    .append(": ")
                    .append(prose(r.message()))
                    .append('\n');
              }
              p.notCompared()
                  .forEach(n -> md.append("- not compared: ").append(prose(n)).append('\n'));
              p.newVariants()
                  .forEach(n -> md.append("- new variant **").append(escape(n)).append("**\n"));
              p.missingVariants()
                  .forEach(n -> md.append("- missing variant **").append(escape(n)).append("**\n"));
            });
    return md.toString();
  }

  /**
   * Writes the summary of a run atomically.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @param out the file to write; its directory is created if needed
   * @throws java.io.UncheckedIOException if the file cannot be written; nothing is left behind
   */
  public static void write(RunRecord record, Optional<RunRecord> previous, Path out) {
    AtomicFiles.writeString(out, render(record, previous));
  }

  /** Makes untrusted text literal in Markdown: no markup, no HTML, no table breaks. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\r', '\n' -> out.append(' ');
        case '\\', '`', '*', '_', '[', ']', '(', ')', '#', '|', '!', '~', '{', '}' ->
            out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Makes ModelBudget's own sentences safe in Markdown and readable in a terminal: markup is
   * escaped with backslashes, and {@code <} and {@code &} only where they could start HTML, so
   * {@code "accuracy 92.00% < 97.00% budget"} stays as it is.
   */
  static String prose(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
      switch (c) {
        case '<' -> out.append(Character.isLetter(next) || "/!?".indexOf(next) >= 0 ? "\\<" : "<");
        case '&' -> out.append(Character.isLetterOrDigit(next) || next == '#' ? "\\&" : "&");
        case '\r', '\n' -> out.append(' ');
        case '\\', '`', '*', '_', '[', ']', '|', '~' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String shortDigest(String sha256) {
    return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
  }
}
