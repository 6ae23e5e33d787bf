package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;

/**
 * A model after full-integer quantization, with the report of what changed.
 *
 * @param model the quantized model, verified
 * @param report the parameters chosen and the operators left float
 */
public record FullIntegerModel(TfliteModel model, FullIntegerReport report) {

  /** Validates. */
  public FullIntegerModel {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(report, "report");
  }
}
