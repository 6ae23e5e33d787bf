package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;

/**
 * A model after float16 quantization, with the report of what changed.
 *
 * @param model the quantized model, verified; the input model itself when nothing was converted
 * @param report what was converted and what was skipped
 */
public record Float16Model(TfliteModel model, Float16Report report) {

  /** Validates. */
  public Float16Model {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(report, "report");
  }
}
