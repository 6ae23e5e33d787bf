package io.github.modelbudget.training.model;

import io.github.modelbudget.harness.format.Padding;
import java.util.List;
import java.util.Objects;

/**
 * A 2-D max pooling over square windows (Keras {@code MaxPooling2D}).
 *
 * @param poolSize the window's height and width, at least 1
 * @param strides the stride in both directions, at least 1
 * @param padding {@code VALID} (Keras's default) or {@code SAME}
 */
public record MaxPool2D(int poolSize, int strides, Padding padding) implements Layer {

  /** Validates the arguments. */
  public MaxPool2D {
    Layer.checkPositive("poolSize", poolSize);
    Layer.checkPositive("strides", strides);
    Objects.requireNonNull(padding, "padding");
  }

  /**
   * Returns a pooling whose stride equals its window, with {@code VALID} padding, as Keras
   * defaults.
   *
   * @param poolSize the window's height and width
   * @return the layer
   */
  public static MaxPool2D of(int poolSize) {
    return new MaxPool2D(poolSize, poolSize, Padding.VALID);
  }

  @Override
  public String kind() {
    return "max_pooling2d";
  }

  @Override
  public List<Integer> outputShape(List<Integer> input) {
    return Layer.pooledShape(toString(), poolSize, strides, padding == Padding.SAME, input);
  }

  @Override
  public String toString() {
    return "MaxPool2D(" + poolSize + "×" + poolSize + ", strides " + strides + ", " + padding + ")";
  }
}
