package io.github.modelbudget.optimizer.quantize;

import java.util.Objects;

/**
 * How {@link DynamicRangeQuantizer} quantizes.
 *
 * @param scheme which converter's scheme to reproduce
 * @param minElements the smallest weight tensor that is quantized; smaller ones stay float, as
 *     TFLite's {@code weights_min_num_elements} (1024 by default)
 */
public record QuantizationOptions(QuantizationScheme scheme, int minElements) {

  /** TFLite's default for {@code weights_min_num_elements}. */
  public static final int DEFAULT_MIN_ELEMENTS = 1024;

  /** Validates. */
  public QuantizationOptions {
    Objects.requireNonNull(scheme, "scheme");
    if (minElements < 1) {
      throw new IllegalArgumentException("minElements must be at least 1 but was " + minElements);
    }
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
    return new QuantizationOptions(scheme, minElements);
  }

  /**
   * Returns a copy with another size threshold.
   *
   * @param minElements the smallest weight tensor to quantize, at least 1
   * @return the new options
   */
  public QuantizationOptions withMinElements(int minElements) {
    return new QuantizationOptions(scheme, minElements);
  }
}
