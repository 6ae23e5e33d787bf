package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.eval.LayerError;
import io.github.modelbudget.harness.eval.LayerReport;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A variant's per-layer comparison with its baseline, as the run record keeps it: every compared
 * tensor, the most harmed (lowest SNR) first.
 *
 * @param baseline the baseline's name
 * @param samples how many samples both models ran on
 * @param layers the tensors, worst first
 */
public record LayerSummary(String baseline, int samples, List<Layer> layers) {

  /** Validates and copies. */
  public LayerSummary {
    Objects.requireNonNull(baseline, "baseline");
    layers = List.copyOf(layers);
  }

  /**
   * Summarises a per-layer comparison.
   *
   * @param report the comparison
   * @return the summary
   */
  public static LayerSummary of(LayerReport report) {
    return new LayerSummary(
        report.baseline(), report.samples(), report.layers().stream().map(Layer::of).toList());
  }

  /**
   * One tensor's error; see {@link LayerError} for each value's meaning. An SNR without error is
   * written as the JSON string {@code "Infinity"}.
   *
   * @param tensor the variant's tensor
   * @param baselineTensor the baseline's tensor
   * @param operator the operator that writes it
   * @param operatorIndex the operator's position in the baseline, QUANTIZE and DEQUANTIZE aside
   * @param match {@code NAME} or {@code POSITION}
   * @param elements the element count
   * @param meanError the mean error
   * @param maxAbsError the largest absolute error
   * @param meanSquaredError the mean squared error
   * @param rmse its square root
   * @param rmseOverScale the RMSE in quantization steps, absent for a float tensor
   * @param snrDb the signal-to-noise ratio in dB
   * @param cosineSimilarity the cosine similarity
   * @param flagged whether RMSE/scale exceeds {@link LayerError#FLAG_THRESHOLD}
   */
  public record Layer(
      String tensor,
      String baselineTensor,
      String operator,
      int operatorIndex,
      String match,
      int elements,
      double meanError,
      double maxAbsError,
      double meanSquaredError,
      double rmse,
      OptionalDouble rmseOverScale,
      double snrDb,
      double cosineSimilarity,
      boolean flagged) {

    /** Validates. */
    public Layer {
      Objects.requireNonNull(tensor, "tensor");
      Objects.requireNonNull(baselineTensor, "baselineTensor");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(match, "match");
      Objects.requireNonNull(rmseOverScale, "rmseOverScale");
    }

    static Layer of(LayerError e) {
      return new Layer(
          e.tensor(),
          e.baselineTensor(),
          e.operator(),
          e.operatorIndex(),
          e.match().name(),
          e.elements(),
          e.meanError(),
          e.maxAbsError(),
          e.meanSquaredError(),
          e.rmse(),
          e.rmseOverScale(),
          e.snrDb(),
          e.cosineSimilarity(),
          e.flagged());
    }
  }
}
