package io.github.modelbudget.optimizer.quantize;

import java.util.List;
import java.util.Objects;

/**
 * A weight tensor the quantizer turned into int8.
 *
 * @param name the tensor's name
 * @param shape its shape
 * @param operator the operator that reads it through a hybrid kernel, e.g. {@code CONV_2D}
 * @param perChannel whether it has one scale per channel rather than one for the tensor
 * @param quantizedDimension the channel dimension, 0 when per tensor
 * @param scaleCount the number of scales
 * @param zeroChannels how many channels (or, per tensor, whether the tensor) were all zeros and got
 *     scale 0
 * @param dequantized whether a {@code DEQUANTIZE} op was added for readers without a hybrid kernel
 * @param bytesBefore the float data's size in bytes
 * @param bytesAfter the int8 data's size in bytes
 */
public record QuantizedTensor(
    String name,
    List<Integer> shape,
    String operator,
    boolean perChannel,
    int quantizedDimension,
    int scaleCount,
    int zeroChannels,
    boolean dequantized,
    long bytesBefore,
    long bytesAfter) {

  /** Validates and copies. */
  public QuantizedTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operator, "operator");
    shape = List.copyOf(shape);
  }
}
