package io.github.modelbudget.optimizer.quantize;

import java.util.List;
import java.util.Objects;

/**
 * A constant that {@link Float16Quantizer} stored as {@code FLOAT16}, read through a new {@code
 * DEQUANTIZE} op.
 *
 * @param name the tensor's name
 * @param shape its shape
 * @param readers the operators that read it, e.g. {@code [CONV_2D]}
 * @param elements its element count
 */
public record HalfTensor(String name, List<Integer> shape, List<String> readers, long elements) {

  /** Validates and copies. */
  public HalfTensor {
    Objects.requireNonNull(name, "name");
    shape = List.copyOf(shape);
    readers = List.copyOf(readers);
  }

  /**
   * Returns the size of the float data before.
   *
   * @return bytes
   */
  public long bytesBefore() {
    return elements * Float.BYTES;
  }

  /**
   * Returns the size of the half data after.
   *
   * @return bytes
   */
  public long bytesAfter() {
    return elements * 2;
  }
}
