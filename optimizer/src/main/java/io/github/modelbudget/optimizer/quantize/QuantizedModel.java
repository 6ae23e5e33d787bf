package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;

/**
 * A model after dynamic-range quantization, with the report of what changed.
 *
 * @param model the quantized model, verified; the input model itself when nothing was quantized
 * @param report what was quantized and what was skipped
 */
public record QuantizedModel(TfliteModel model, QuantizationReport report) {

  /** Validates. */
  public QuantizedModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(report, "report");
  }
}
