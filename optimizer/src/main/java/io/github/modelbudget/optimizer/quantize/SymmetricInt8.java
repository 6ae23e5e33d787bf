package io.github.modelbudget.optimizer.quantize;

import java.util.Arrays;

/**
 * Symmetric int8 quantization in [-127, 127] with zero point 0: {@code scale = max|w| / 127},
 * {@code q = clamp(round(w / scale), -127, 127)}, rounding half away from zero as C++'s {@code
 * std::round}; an all-zero channel gets scale 0 and all-zero values.
 */
final class SymmetricInt8 {

  static final int MAX = 127;

  /**
   * Quantized values with their scales and the float range of each channel.
   *
   * @param values the int8 values, row-major
   * @param scales one scale per channel (one in all when per tensor)
   * @param min each channel's minimum float value
   * @param max each channel's maximum float value
   */
  record Result(byte[] values, float[] scales, float[] min, float[] max) {
    int zeroChannels() {
      int zeros = 0;
      for (float scale : scales) {
        if (scale == 0f) {
          zeros++;
        }
      }
      return zeros;
    }
  }

  private SymmetricInt8() {}

  static Result perTensor(float[] weights) {
    return quantize(weights, 1, weights.length);
  }

  /** Quantizes with one scale per index of {@code dimension}. */
  static Result perChannel(float[] weights, int[] shape, int dimension) {
    int inner = 1;
    for (int d = dimension + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    return quantize(weights, shape[dimension], inner);
  }

  /** Element {@code i} belongs to channel {@code (i / inner) % channels}. */
  private static Result quantize(float[] weights, int channels, int inner) {
    float[] min = new float[channels];
    float[] max = new float[channels];
    Arrays.fill(min, Float.POSITIVE_INFINITY);
    Arrays.fill(max, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < weights.length; i++) {
      int channel = (i / inner) % channels;
      min[channel] = Math.min(min[channel], weights[i]);
      max[channel] = Math.max(max[channel], weights[i]);
    }
    float[] scales = new float[channels];
    for (int c = 0; c < channels; c++) {
      scales[c] = Math.max(Math.abs(min[c]), Math.abs(max[c])) / MAX;
    }
    byte[] values = new byte[weights.length];
    for (int i = 0; i < weights.length; i++) {
      float scale = scales[(i / inner) % channels];
      values[i] = scale == 0f ? 0 : quantize(weights[i] / scale);
    }
    return new Result(values, scales, min, max);
  }

  private static byte quantize(float scaled) {
    long rounded = (long) Math.signum(scaled) * (long) Math.floor(Math.abs(scaled) + 0.5);
    return (byte) Math.max(-MAX, Math.min(MAX, rounded));
  }
}
