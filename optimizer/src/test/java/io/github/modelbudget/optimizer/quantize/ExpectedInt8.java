package io.github.modelbudget.optimizer.quantize;

import java.util.Arrays;

/**
 * The dynamic-range rule computed the plain way, independently of the quantizer: walk every element
 * by its coordinates, {@code scale = max|w| / 127} per channel, {@code q = clamp(round(w /
 * scale))}.
 */
final class ExpectedInt8 {

  private ExpectedInt8() {}

  static int channelOf(int flat, int[] shape, int dimension) {
    int rest = flat;
    int coordinate = 0;
    for (int d = shape.length - 1; d >= 0; d--) {
      coordinate = rest % shape[d];
      rest /= shape[d];
      if (d == dimension) {
        return coordinate;
      }
    }
    return coordinate;
  }

  static float[] scales(float[] weights, int[] shape, int dimension) {
    float[] maxAbs = new float[shape[dimension]];
    for (int i = 0; i < weights.length; i++) {
      int c = channelOf(i, shape, dimension);
      maxAbs[c] = Math.max(maxAbs[c], Math.abs(weights[i]));
    }
    float[] scales = new float[maxAbs.length];
    for (int c = 0; c < scales.length; c++) {
      scales[c] = maxAbs[c] / 127f;
    }
    return scales;
  }

  static float perTensorScale(float[] weights) {
    float maxAbs = 0;
    for (float w : weights) {
      maxAbs = Math.max(maxAbs, Math.abs(w));
    }
    return maxAbs / 127f;
  }

  static byte[] values(float[] weights, int[] shape, int dimension, float[] scales) {
    byte[] q = new byte[weights.length];
    for (int i = 0; i < weights.length; i++) {
      q[i] = quantize(weights[i], scales[channelOf(i, shape, dimension)]);
    }
    return q;
  }

  static byte[] values(float[] weights, float scale) {
    byte[] q = new byte[weights.length];
    for (int i = 0; i < weights.length; i++) {
      q[i] = quantize(weights[i], scale);
    }
    return q;
  }

  static float[] channelMin(float[] weights, int[] shape, int dimension) {
    float[] min = new float[shape[dimension]];
    Arrays.fill(min, Float.MAX_VALUE);
    for (int i = 0; i < weights.length; i++) {
      int c = channelOf(i, shape, dimension);
      min[c] = Math.min(min[c], weights[i]);
    }
    return min;
  }

  static float[] channelMax(float[] weights, int[] shape, int dimension) {
    float[] max = new float[shape[dimension]];
    Arrays.fill(max, -Float.MAX_VALUE);
    for (int i = 0; i < weights.length; i++) {
      int c = channelOf(i, shape, dimension);
      max[c] = Math.max(max[c], weights[i]);
    }
    return max;
  }

  private static byte quantize(float w, float scale) {
    if (scale == 0f) {
      return 0;
    }
    // Math.round rounds halves up, so rounding |x| and restoring the sign rounds half away from 0.
    int magnitude = Math.min(127, Math.round(Math.abs(w / scale)));
    return (byte) (w < 0 ? -magnitude : magnitude);
  }
}
