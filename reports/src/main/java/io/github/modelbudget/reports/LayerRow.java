package io.github.modelbudget.reports;

import io.github.modelbudget.harness.results.LayerSummary;
import java.util.List;
import java.util.Locale;

/**
 * One row of a variant's per-layer table, formatted: a tensor's error against the baseline's.
 *
 * @param tensor the variant's tensor
 * @param operator the operator that writes it, with its position
 * @param elements the element count
 * @param meanError the mean error
 * @param maxAbsError the largest absolute error
 * @param rmse the root mean squared error
 * @param rmseOverScale the RMSE in quantization steps, or a dash for a float tensor
 * @param snrDb the signal-to-noise ratio in dB
 * @param cosine the cosine similarity
 * @param flagged whether RMSE/scale exceeds 0.7
 */
record LayerRow(
    String tensor,
    String operator,
    String elements,
    String meanError,
    String maxAbsError,
    String rmse,
    String rmseOverScale,
    String snrDb,
    String cosine,
    boolean flagged) {

  static List<LayerRow> of(LayerSummary summary) {
    return summary.layers().stream().map(LayerRow::of).toList();
  }

  /** The SNR chart's data: one bar per tensor, worst first, flagged ones marked. */
  record Chart(List<String> tensors, List<Double> snrDb, List<Boolean> flagged) {

    static Chart of(LayerSummary summary) {
      return new Chart(
          summary.layers().stream().map(LayerSummary.Layer::tensor).toList(),
          // JSON has no infinity: a tensor without error is drawn at the chart's top instead.
          summary.layers().stream()
              .map(l -> Double.isFinite(l.snrDb()) ? l.snrDb() : null)
              .toList(),
          summary.layers().stream().map(LayerSummary.Layer::flagged).toList());
    }
  }

  private static LayerRow of(LayerSummary.Layer l) {
    return new LayerRow(
        l.tensor(),
        l.operator() + " #" + l.operatorIndex(),
        Formats.count(l.elements()),
        general(l.meanError()),
        general(l.maxAbsError()),
        general(l.rmse()),
        l.rmseOverScale().isPresent()
            ? String.format(Locale.ROOT, "%.3f", l.rmseOverScale().getAsDouble())
            : Formats.NONE,
        Double.isFinite(l.snrDb()) ? String.format(Locale.ROOT, "%.1f", l.snrDb()) : "∞",
        String.format(Locale.ROOT, "%.5f", l.cosineSimilarity()),
        l.flagged());
  }

  private static String general(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
