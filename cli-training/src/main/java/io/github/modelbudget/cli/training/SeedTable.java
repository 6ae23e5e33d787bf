package io.github.modelbudget.cli.training;

import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints the experiment's table (accuracy and "gzipped size" of the four variants) beside the
 * numbers the experiment itself published.
 *
 * <p>The experiment's "gzipped size" is the size of a ZIP archive holding the one {@code .tflite}
 * file, so that is the column compared; the size of a plain gzip stream is printed too.
 */
final class SeedTable {

  /**
   * One row of the experiment's published table.
   *
   * @param variant the variant's file name without {@code .tflite}
   * @param accuracy the accuracy it reported
   * @param zipBytes the ZIP size it reported
   */
  record SeedRow(String variant, double accuracy, long zipBytes) {}

  /** The experiment's published numbers (DESIGN.md §1). */
  static final List<SeedRow> SEED =
      List.of(
          new SeedRow("baseline", 0.98524, 14_303),
          new SeedRow("quantized", 0.98526, 7_483),
          new SeedRow("pruned", 0.98402, 5_862),
          new SeedRow("pruned_quantized", 0.98402, 3_996));

  private static final String FORMAT = "%-17s %-26s %8s %10s %6s %10s %6s %10s %8s%n";

  private SeedTable() {}

  static void print(PrintWriter w, RunRecord record) {
    long baseZip = variant(record, "baseline").map(v -> v.sizes().zip()).orElse(0L);
    w.printf(
        Locale.ROOT,
        FORMAT,
        "variant",
        "accuracy [95% interval]",
        "seed",
        "ZIP bytes",
        "ratio",
        "seed ZIP",
        "ratio",
        "gzip bytes",
        "p50 µs");
    for (SeedRow seed : SEED) {
      Optional<VariantRecord> found = variant(record, seed.variant());
      if (found.isEmpty()) {
        continue;
      }
      VariantRecord v = found.get();
      EvaluationSummary e = v.evaluation();
      w.printf(
          Locale.ROOT,
          FORMAT,
          seed.variant(),
          String.format(
              Locale.ROOT,
              "%.5f [%.3f, %.3f]",
              e.accuracy(),
              e.accuracyInterval().lower(),
              e.accuracyInterval().upper()),
          String.format(Locale.ROOT, "%.5f", seed.accuracy()),
          String.format(Locale.ROOT, "%,d", v.sizes().zip()),
          baseZip == 0
              ? "-"
              : String.format(Locale.ROOT, "%.2f", (double) v.sizes().zip() / baseZip),
          String.format(Locale.ROOT, "%,d", seed.zipBytes()),
          String.format(Locale.ROOT, "%.2f", (double) seed.zipBytes() / SEED.get(0).zipBytes()),
          String.format(Locale.ROOT, "%,d", v.sizes().gzip()),
          v.latency().map(l -> String.format(Locale.ROOT, "%.1f", l.p50Nanos() / 1e3)).orElse("-"));
    }
    w.printf(
        Locale.ROOT,
        "Accuracy on %,d held-out drawings (Wilson 95%% interval); the experiment's \"gzipped size\""
            + " is a one-file ZIP archive, as in the ZIP columns; p50 is the median latency of one"
            + " drawing per invoke.%n",
        variant(record, "baseline").map(v -> v.evaluation().samples()).orElse(0));
  }

  private static Optional<VariantRecord> variant(RunRecord record, String name) {
    return record.variants().stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
