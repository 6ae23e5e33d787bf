package io.github.modelbudget.optimizer.quantize;

import java.util.Objects;

/**
 * The int8 parameters {@link FullIntegerQuantizer} gave one activation tensor.
 *
 * @param name the tensor's name
 * @param min the smallest value seen in calibration, {@code NaN} if the parameters did not come
 *     from calibration
 * @param max the largest value seen in calibration, or {@code NaN}
 * @param scale the scale
 * @param zeroPoint the int8 zero point
 * @param rule where the parameters come from, e.g. {@code "calibrated"}, {@code "fixed for
 *     LOGISTIC"}, {@code "shared with the input of MAX_POOL_2D"}
 */
public record ActivationQuantization(
    String name, float min, float max, float scale, int zeroPoint, String rule) {

  /** Validates. */
  public ActivationQuantization {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rule, "rule");
  }
}
