package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.RegressionComparison;
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
    if (baseResult.regression().isPresent()) {
      printRegression(out, data, base, baseResult, comparisons);
      return;
    }
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

  private static void printRegression(
      PrintWriter out,
      Dataset data,
      FamilyMember base,
      EvaluationResult baseResult,
      List<Comparison> comparisons) {
    out.printf(
        Locale.ROOT,
        "Baseline %s: MAE %.5g, RMSE %.5g on %,d samples of %s%n%n",
        base.name(),
        baseResult.regression().orElseThrow().mae(),
        baseResult.regression().orElseThrow().rmse(),
        data.size(),
        data.name());
    String format = "%-20s %10s %10s %10s %10s %11s %10s %10s %9s%n";
    out.printf(
        Locale.ROOT,
        format,
        "variant",
        "MAE",
        "delta",
        "RMSE",
        "max error",
        "Wilcoxon p",
        "agreement",
        "mean |diff|",
        "zip size");
    for (Comparison c : comparisons) {
      RegressionComparison r = c.regression().orElseThrow();
      out.printf(
          Locale.ROOT,
          format,
          c.variantName(),
          String.format(Locale.ROOT, "%.5g", r.variantMae()),
          String.format(Locale.ROOT, "%+.4g", r.maeIncrease()),
          String.format(Locale.ROOT, "%.5g", r.variantRmse()),
          String.format(Locale.ROOT, "%.5g", r.variantMaxError()),
          String.format(Locale.ROOT, "%.4f", r.wilcoxonP()),
          String.format(Locale.ROOT, "%.5f", c.agreement()),
          String.format(Locale.ROOT, "%.3g", c.meanAbsOutputDifference()),
          c.sizeRatios().map(q -> String.format(Locale.ROOT, "%.1f%%", 100 * q.zip())).orElse("-"));
    }
  }
}
