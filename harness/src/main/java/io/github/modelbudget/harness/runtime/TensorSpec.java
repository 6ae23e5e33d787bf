package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.format.TensorType;
import java.util.List;
import java.util.Objects;

/**
 * An input or output of a {@link Session} as the runtime currently sees it (after any resize).
 *
 * @param position the tensor's position among the session's inputs or outputs
 * @param name the tensor's name
 * @param type the element type
 * @param shape the current shape
 * @param scale the quantization scale, 0 for a tensor that is not quantized
 * @param zeroPoint the quantization zero point
 */
public record TensorSpec(
    int position, String name, TensorType type, List<Integer> shape, float scale, int zeroPoint) {

  /** Validates and copies. */
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    shape = List.copyOf(shape);
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the dimensions
   */
  public int elementCount() {
    int count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    return count;
  }

  /**
   * Tells whether the tensor is quantized, so that float values pass through its scale and zero
   * point.
   *
   * @return {@code true} if the scale is not 0
   */
  public boolean quantized() {
    return scale != 0f;
  }
}
