package io.github.modelbudget.harness.eval;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The per-layer comparison of a variant with its baseline: one {@link LayerError} per matched
 * tensor, the most harmed first. Harm is ranked by SNR, lowest first (the same order as RMSE
 * relative to the baseline tensor's RMS, so tensors of different magnitudes compare fairly); ties
 * keep the graph's order.
 *
 * @param baseline the baseline's name
 * @param variant the variant's name
 * @param samples the number of samples both models ran on
 * @param layers the matched tensors, worst first
 */
public record LayerReport(String baseline, String variant, int samples, List<LayerError> layers) {

  /** Validates and copies. */
  public LayerReport {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(variant, "variant");
    layers = List.copyOf(layers);
  }

  /**
   * Returns the most harmed tensor.
   *
   * @return the first layer, or empty if no tensor could be compared
   */
  public Optional<LayerError> worst() {
    return layers.stream().findFirst();
  }

  /**
   * Returns the tensors whose RMSE/scale exceeds {@link LayerError#FLAG_THRESHOLD}, worst first.
   *
   * @return the flagged layers, never {@code null}
   */
  public List<LayerError> flagged() {
    return layers.stream().filter(LayerError::flagged).toList();
  }
}
