package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link DynamicRangeQuantizer} quantizes.
 *
 * @param scheme which converter's scheme to reproduce
 * @param minElements the smallest weight tensor that is quantized; smaller ones stay float, as
 *     TFLite's {@code weights_min_num_elements} (1024 by default)
 * @param keepFloat the weights to leave float although they would be quantized, if any
 */
public record QuantizationOptions(
    QuantizationScheme scheme, int minElements, Optional<WeightFilter> keepFloat) {

  /** TFLite's default for {@code weights_min_num_elements}. */
  public static final int DEFAULT_MIN_ELEMENTS = 1024;

  /** Validates. */
  public QuantizationOptions {
    Objects.requireNonNull(scheme, "scheme");
    if (minElements < 1) {
      throw new IllegalArgumentException("minElements must be at least 1 but was " + minElements);
    }
    Objects.requireNonNull(keepFloat, "keepFloat");
  }

  /**
   * Creates options that quantize every eligible weight.
   *
   * @param scheme which converter's scheme to reproduce
   * @param minElements the smallest weight tensor that is quantized
   */
  public QuantizationOptions(QuantizationScheme scheme, int minElements) {
    this(scheme, minElements, Optional.empty());
  }

  /**
   * Returns today's converter's defaults: {@link QuantizationScheme#TF_2_21}, 1024 elements.
   *
   * @return the default options
   */
  public static QuantizationOptions defaults() {
    return new QuantizationOptions(QuantizationScheme.TF_2_21, DEFAULT_MIN_ELEMENTS);
  }

  /**
   * Returns a copy with another scheme.
   *
   * @param scheme the scheme
   * @return the new options
   */
  public QuantizationOptions withScheme(QuantizationScheme scheme) {
    return new QuantizationOptions(scheme, minElements, keepFloat);
  }

  /**
   * Returns a copy that leaves the weights a filter picks float.
   *
   * @param keepFloat the keep-float filter, or empty for none
   * @return the new options
   */
  public QuantizationOptions withKeepFloat(Optional<WeightFilter> keepFloat) {
    return new QuantizationOptions(scheme, minElements, keepFloat);
  }

  /**
   * Returns a copy with another size threshold.
   *
   * @param minElements the smallest weight tensor to quantize, at least 1
   * @return the new options
   */
  public QuantizationOptions withMinElements(int minElements) {
    return new QuantizationOptions(scheme, minElements, keepFloat);
  }
}
