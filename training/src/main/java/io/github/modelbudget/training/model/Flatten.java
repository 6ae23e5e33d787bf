package io.github.modelbudget.training.model;

import java.util.List;

/** Flattens each sample to one dimension, row-major (Keras {@code Flatten}). */
public record Flatten() implements Layer {

  @Override
  public String kind() {
    return "flatten";
  }

  @Override
  public List<Integer> outputShape(List<Integer> input) {
    return List.of(Math.toIntExact(SequentialModel.elementCount(input)));
  }

  @Override
  public String toString() {
    return "Flatten()";
  }
}
