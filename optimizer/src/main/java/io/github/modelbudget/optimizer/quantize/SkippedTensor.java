package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.TensorType;
import java.util.List;
import java.util.Objects;

/**
 * A constant tensor the quantizer left as it was, and why.
 *
 * @param name the tensor's name
 * @param shape its shape
 * @param type its element type
 * @param elements its element count
 * @param reason why it was not quantized
 */
public record SkippedTensor(
    String name, List<Integer> shape, TensorType type, long elements, SkipReason reason) {

  /** Validates and copies. */
  public SkippedTensor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    shape = List.copyOf(shape);
  }

  @Override
  public String toString() {
    return name + " " + type + " " + shape + ": " + reason.description();
  }
}
