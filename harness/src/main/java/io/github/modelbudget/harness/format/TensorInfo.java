package io.github.modelbudget.harness.format;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tensor as the model declares it: the inputs and outputs of a subgraph are described this way.
 *
 * @param index the tensor's index in its subgraph
 * @param name the tensor's name, empty if it has none
 * @param type the element type
 * @param shape the static shape (a dynamic dimension is stored as 1)
 * @param shapeSignature the shape with -1 for dynamic dimensions; equal to {@code shape} if the
 *     model records no signature
 * @param quantization the quantization, if the tensor is quantized
 * @param variable whether this is a variable (state) tensor, kept across invocations
 */
public record TensorInfo(
    int index,
    String name,
    TensorType type,
    List<Integer> shape,
    List<Integer> shapeSignature,
    Optional<QuantizationInfo> quantization,
    boolean variable) {

  /** Validates and copies the lists. */
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    shape = List.copyOf(shape);
    shapeSignature = List.copyOf(shapeSignature);
    Objects.requireNonNull(quantization, "quantization");
  }

  /**
   * Returns the number of elements of the static shape.
   *
   * @return the product of the dimensions, 1 for a scalar
   */
  public long elementCount() {
    long count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    return count;
  }
}
