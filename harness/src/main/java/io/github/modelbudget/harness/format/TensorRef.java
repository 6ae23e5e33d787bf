package io.github.modelbudget.harness.format;

import java.util.List;
import java.util.Objects;

/**
 * A tensor added to a {@link TfliteModelBuilder}, used to wire operators together.
 *
 * @param index the tensor's index in the subgraph being built
 * @param name the tensor's name
 * @param type the element type
 * @param shapeSignature the shape, with -1 for a dynamic dimension
 */
public record TensorRef(int index, String name, TensorType type, List<Integer> shapeSignature) {

  /** Validates and copies. */
  public TensorRef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    shapeSignature = List.copyOf(shapeSignature);
  }
}
