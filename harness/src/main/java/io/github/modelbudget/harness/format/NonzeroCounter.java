package io.github.modelbudget.harness.format;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Counts the elements of a constant tensor whose real value is not zero.
 *
 * <p>A quantized element is zero when it equals its channel's zero point, since that is what it
 * dequantizes to; this is how pruned zeros survive int8 quantization.
 */
final class NonzeroCounter {

  private NonzeroCounter() {}

  static long count(
      TensorType type, ByteBuffer data, int[] shape, Optional<QuantizationInfo> quantization) {
    long elements = 1;
    for (int dim : shape) {
      elements *= dim;
    }
    return count(type, data, elements, null, shape, quantization);
  }

  /**
   * Counts the nonzero values a sparse tensor stores.
   *
   * @param positions the dense position of each stored value, which decides its channel
   */
  static long countSparse(
      TensorType type,
      ByteBuffer data,
      long[] positions,
      int[] shape,
      Optional<QuantizationInfo> quantization) {
    return count(type, data, positions.length, positions, shape, quantization);
  }

  private static long count(
      TensorType type,
      ByteBuffer data,
      long elements,
      long[] positions,
      int[] shape,
      Optional<QuantizationInfo> quantization) {
    ChannelIndex channels = ChannelIndex.of(shape, quantization, positions);
    long nonzero = 0;
    switch (type) {
      case FLOAT32 -> {
        for (int i = 0; i < elements; i++) {
          if (data.getFloat(i * 4) != 0f) {
            nonzero++;
          }
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < elements; i++) {
          if (data.getDouble(i * 8) != 0d) {
            nonzero++;
          }
        }
      }
      case FLOAT16, BOOL -> nonzero = countNonzeroUnits(data, type.elementBits() / 8, elements);
      case INT8 -> {
        for (int i = 0; i < elements; i++) {
          if (data.get(i) != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      case UINT8 -> {
        for (int i = 0; i < elements; i++) {
          if ((data.get(i) & 0xff) != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      case INT16 -> {
        for (int i = 0; i < elements; i++) {
          if (data.getShort(i * 2) != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      case UINT16 -> {
        for (int i = 0; i < elements; i++) {
          if ((data.getShort(i * 2) & 0xffff) != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      case INT32, UINT32 -> {
        for (int i = 0; i < elements; i++) {
          if (data.getInt(i * 4) != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      case INT64, UINT64 -> {
        for (int i = 0; i < elements; i++) {
          if (data.getLong(i * 8) != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      case INT4 -> {
        for (int i = 0; i < elements; i++) {
          int packed = data.get(i / 2);
          int nibble = (i % 2 == 0 ? packed << 28 : packed << 24) >> 28;
          if (nibble != channels.zeroPointOf(i)) {
            nonzero++;
          }
        }
      }
      default -> nonzero = countNonzeroUnits(data, Math.max(1, type.elementBits() / 8), elements);
    }
    return nonzero;
  }

  private static long countNonzeroUnits(ByteBuffer data, int unitBytes, long elements) {
    long nonzero = 0;
    for (int i = 0; i < elements; i++) {
      for (int b = 0; b < unitBytes; b++) {
        if (data.get(i * unitBytes + b) != 0) {
          nonzero++;
          break;
        }
      }
    }
    return nonzero;
  }

  /** Maps a flat element index to the zero point of its quantization channel. */
  private record ChannelIndex(long[] zeroPoints, long stride, int channelCount, long[] positions) {

    static ChannelIndex of(int[] shape, Optional<QuantizationInfo> quantization, long[] positions) {
      if (quantization.isEmpty() || quantization.get().zeroPoints().isEmpty()) {
        return new ChannelIndex(new long[] {0}, 1, 1, null);
      }
      QuantizationInfo q = quantization.get();
      long[] zeroPoints = q.zeroPoints().stream().mapToLong(Long::longValue).toArray();
      if (zeroPoints.length == 1
          || q.quantizedDimension() < 0
          || q.quantizedDimension() >= shape.length) {
        return new ChannelIndex(new long[] {zeroPoints[0]}, 1, 1, null);
      }
      long stride = 1;
      for (int d = q.quantizedDimension() + 1; d < shape.length; d++) {
        stride *= shape[d];
      }
      return new ChannelIndex(zeroPoints, stride, zeroPoints.length, positions);
    }

    /** The zero point of the i-th value examined: its dense position decides its channel. */
    long zeroPointOf(long i) {
      return zeroPoint(positions == null ? i : positions[(int) i]);
    }

    long zeroPoint(long element) {
      if (channelCount == 1) {
        return zeroPoints[0];
      }
      return zeroPoints[(int) ((element / stride) % channelCount)];
    }
  }
}
