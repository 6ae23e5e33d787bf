package io.github.modelbudget.training.model;

import java.util.Arrays;
import java.util.List;

/**
 * Reshapes each sample to a fixed shape with the same number of elements (Keras {@code Reshape}).
 *
 * @param targetShape the new shape, without the batch dimension; every dimension at least 1
 */
public record Reshape(List<Integer> targetShape) implements Layer {

  /** Validates and copies the shape. */
  public Reshape {
    targetShape = List.copyOf(targetShape);
    if (targetShape.isEmpty()) {
      throw new IllegalArgumentException("targetShape must not be empty");
    }
    for (int dim : targetShape) {
      Layer.checkPositive("every dimension of targetShape " + targetShape, dim);
    }
  }

  /**
   * Returns a reshape to the given dimensions.
   *
   * @param targetShape the new shape, without the batch dimension
   * @return the layer
   */
  public static Reshape to(int... targetShape) {
    return new Reshape(Arrays.stream(targetShape).boxed().toList());
  }

  @Override
  public String kind() {
    return "reshape";
  }

  @Override
  public List<Integer> outputShape(List<Integer> input) {
    if (SequentialModel.elementCount(input) != SequentialModel.elementCount(targetShape)) {
      throw new IllegalArgumentException(
          toString()
              + " cannot reshape "
              + input
              + " ("
              + SequentialModel.elementCount(input)
              + " elements) to "
              + targetShape
              + " ("
              + SequentialModel.elementCount(targetShape)
              + " elements)");
    }
    return targetShape;
  }

  @Override
  public String toString() {
    return "Reshape(" + targetShape + ")";
  }
}
