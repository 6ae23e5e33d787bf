package io.github.modelbudget.optimizer.quantize;

/**
 * Which TFLite converter's dynamic-range scheme to reproduce. Both quantize symmetrically to int8
 * in [-127, 127] with zero point 0; they differ in how {@code FULLY_CONNECTED} weights are
 * quantized.
 */
public enum QuantizationScheme {

  /**
   * Today's converter (TF 2.21): {@code CONV_2D} per channel on dimension 0, {@code
   * DEPTHWISE_CONV_2D} per channel on dimension 3, {@code FULLY_CONNECTED} per channel on dimension
   * 0 (version 12, asymmetric input quantization); no min/max recorded.
   */
  CURRENT(true, false),

  /**
   * The converter of TF ≈ 2.8, which produced the seed experiment's models: convolutions per
   * channel, {@code FULLY_CONNECTED} per tensor (version 9, asymmetric input quantization), and the
   * weights' min/max recorded with the scales.
   */
  LEGACY(false, true);

  private final boolean fullyConnectedPerChannel;
  private final boolean recordsMinMax;

  QuantizationScheme(boolean fullyConnectedPerChannel, boolean recordsMinMax) {
    this.fullyConnectedPerChannel = fullyConnectedPerChannel;
    this.recordsMinMax = recordsMinMax;
  }

  /**
   * Tells whether {@code FULLY_CONNECTED} weights get one scale per output unit.
   *
   * @return {@code true} for per-channel, {@code false} for per-tensor
   */
  public boolean fullyConnectedPerChannel() {
    return fullyConnectedPerChannel;
  }

  /**
   * Tells whether the quantization parameters also record the weights' min and max.
   *
   * @return {@code true} if min/max are stored
   */
  public boolean recordsMinMax() {
    return recordsMinMax;
  }
}
