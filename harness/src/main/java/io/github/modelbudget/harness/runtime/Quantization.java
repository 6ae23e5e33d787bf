package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.format.TensorType;

/**
 * Affine conversion between real values and 8-bit tensor values: {@code real = scale * (q -
 * zeroPoint)}.
 */
final class Quantization {

  private Quantization() {}

  static byte[] quantize(float[] values, float scale, int zeroPoint, TensorType type) {
    int min = type == TensorType.INT8 ? -128 : 0;
    int max = type == TensorType.INT8 ? 127 : 255;
    byte[] quantized = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      long q = Math.round(values[i] / scale) + zeroPoint;
      quantized[i] = (byte) Math.max(min, Math.min(max, q));
    }
    return quantized;
  }

  static void dequantize(byte[] raw, float scale, int zeroPoint, TensorType type, float[] into) {
    for (int i = 0; i < raw.length; i++) {
      int q = type == TensorType.INT8 ? raw[i] : raw[i] & 0xff;
      into[i] = scale * (q - zeroPoint);
    }
  }
}
