package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.family.FamilyMember;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Prints variants' paired comparisons with the baseline as a table. */
final class ComparisonTable {

  private ComparisonTable() {}

  static void print(
      PrintWriter out,
      Dataset data,
      FamilyMember base,
      EvaluationResult baseResult,
      List<Comparison> comparisons) {
    print(out, data, base, baseResult, comparisons, baseResult.defaultTopK());
  }

  /** Prints the table, then, for a {@code k}, the top-k comparison with its own McNemar test. */
  static void print(
      PrintWriter out,
      Dataset data,
      FamilyMember base,
      EvaluationResult baseResult,
      List<Comparison> comparisons,
      OptionalInt topK) {
    out.printf(
        Locale.ROOT,
        "Baseline %s: accuracy %.5f on %,d samples of %s%n%n",
        base.name(),
        baseResult.accuracy(),
        data.size(),
        data.name());
    String format = "%-20s %9s %9s %9s %6s %6s %9s %10s %9s%n";
    out.printf(
        Locale.ROOT,
        format,
        "variant",
        "accuracy",
        "delta",
        "agreement",
        "b",
        "c",
        "McNemar p",
        "max |diff|",
        "zip size");
    for (Comparison c : comparisons) {
      out.printf(
          Locale.ROOT,
          format,
          c.variantName(),
          String.format(Locale.ROOT, "%.5f", c.variantAccuracy()),
          String.format(Locale.ROOT, "%+.5f", c.accuracyDelta()),
          String.format(Locale.ROOT, "%.5f", c.agreement()),
          c.baselineOnlyCorrect(),
          c.variantOnlyCorrect(),
          String.format(Locale.ROOT, "%.4f", c.mcNemarP()),
          String.format(Locale.ROOT, "%.3g", c.maxAbsOutputDifference()),
          c.sizeRatios().map(r -> String.format(Locale.ROOT, "%.1f%%", 100 * r.zip())).orElse("-"));
    }
    if (topK.isEmpty() || comparisons.isEmpty()) {
      return;
    }
    int k = topK.getAsInt();
    out.printf(
        Locale.ROOT,
        "%nTop-%d: baseline %.5f (of %,d classes)%n",
        k,
        baseResult.topK(k).accuracy(),
        baseResult.classNames().size());
    String topKFormat = "%-20s %9s %9s %6s %6s %9s%n";
    out.printf(Locale.ROOT, topKFormat, "variant", "top-" + k, "delta", "b", "c", "McNemar p");
    for (Comparison c : comparisons) {
      c.topK(k)
          .ifPresent(
              t ->
                  out.printf(
                      Locale.ROOT,
                      topKFormat,
                      c.variantName(),
                      String.format(Locale.ROOT, "%.5f", t.variant().accuracy()),
                      String.format(Locale.ROOT, "%+.5f", -t.drop()),
                      t.baselineOnlyHits(),
                      t.variantOnlyHits(),
                      String.format(Locale.ROOT, "%.4f", t.mcNemarP())));
    }
  }
}
