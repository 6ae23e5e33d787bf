package io.github.modelbudget.harness.format;

import java.util.List;
import java.util.Objects;

/**
 * The affine quantization of a tensor: {@code real = scale * (q - zeroPoint)}, per tensor or per
 * channel along {@link #quantizedDimension()}.
 *
 * @param scales one scale per tensor, or one per channel
 * @param zeroPoints one zero point per scale
 * @param quantizedDimension the channel dimension for per-channel quantization, 0 otherwise
 * @param min the recorded minimum values, often empty
 * @param max the recorded maximum values, often empty
 */
public record QuantizationInfo(
    List<Float> scales,
    List<Long> zeroPoints,
    int quantizedDimension,
    List<Float> min,
    List<Float> max) {

  /** Validates and copies the lists. */
  public QuantizationInfo {
    scales = List.copyOf(Objects.requireNonNull(scales, "scales"));
    zeroPoints = List.copyOf(Objects.requireNonNull(zeroPoints, "zeroPoints"));
    min = List.copyOf(Objects.requireNonNull(min, "min"));
    max = List.copyOf(Objects.requireNonNull(max, "max"));
    if (!zeroPoints.isEmpty() && zeroPoints.size() != scales.size()) {
      throw new IllegalArgumentException(
          "expected one zero point per scale but found "
              + scales.size()
              + " scales and "
              + zeroPoints.size()
              + " zero points");
    }
    if (quantizedDimension < 0) {
      throw new IllegalArgumentException(
          "quantizedDimension must not be negative: " + quantizedDimension);
    }
  }

  /**
   * Returns symmetric per-tensor quantization (zero point 0).
   *
   * @param scale the scale
   * @return the quantization
   */
  public static QuantizationInfo perTensor(float scale) {
    return new QuantizationInfo(List.of(scale), List.of(0L), 0, List.of(), List.of());
  }

  /**
   * Returns affine per-tensor quantization.
   *
   * @param scale the scale
   * @param zeroPoint the zero point
   * @return the quantization
   */
  public static QuantizationInfo perTensor(float scale, long zeroPoint) {
    return new QuantizationInfo(List.of(scale), List.of(zeroPoint), 0, List.of(), List.of());
  }

  /**
   * Returns symmetric per-channel quantization (all zero points 0).
   *
   * @param dimension the channel dimension
   * @param scales one scale per channel
   * @return the quantization
   */
  public static QuantizationInfo perChannel(int dimension, float... scales) {
    Float[] boxed = new Float[scales.length];
    Long[] zeros = new Long[scales.length];
    for (int i = 0; i < scales.length; i++) {
      boxed[i] = scales[i];
      zeros[i] = 0L;
    }
    return new QuantizationInfo(List.of(boxed), List.of(zeros), dimension, List.of(), List.of());
  }

  /**
   * Tells whether there is more than one scale.
   *
   * @return {@code true} for per-channel quantization
   */
  public boolean perChannel() {
    return scales.size() > 1;
  }

  /**
   * Returns the zero point of a channel (or of the tensor), 0 when none is recorded.
   *
   * @param channel the channel index, 0 for per-tensor quantization
   * @return the zero point
   */
  public long zeroPoint(int channel) {
    if (zeroPoints.isEmpty()) {
      return 0;
    }
    return zeroPoints.get(zeroPoints.size() == 1 ? 0 : channel);
  }
}
