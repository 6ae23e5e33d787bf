package io.github.modelbudget.training.model;

import java.util.List;

/**
 * One layer of a {@link SequentialModel}. Shapes exclude the batch dimension: an image layer sees
 * {@code [height, width, channels]}.
 */
public sealed interface Layer
    permits Reshape, Conv2D, MaxPool2D, AveragePool2D, Flatten, Dense, Dropout {

  /**
   * Returns the Keras name prefix of the layer kind, e.g. {@code conv2d} or {@code max_pooling2d}.
   *
   * @return the prefix used to name the layer and its weights
   */
  String kind();

  /**
   * Computes the shape this layer produces from the shape it receives.
   *
   * @param input the input shape, without the batch dimension
   * @return the output shape, without the batch dimension
   * @throws IllegalArgumentException if the layer cannot apply to the input; the message says why
   */
  List<Integer> outputShape(List<Integer> input);

  /**
   * Tells whether the layer has a kernel and a bias.
   *
   * @return {@code true} for {@link Conv2D} and {@link Dense}
   */
  default boolean hasWeights() {
    return false;
  }

  /** Checks that an argument is positive. */
  static void checkPositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
    }
  }

  /** Checks that the input is an image, {@code [height, width, channels]}. */
  static void checkImage(String layer, List<Integer> input) {
    if (input.size() != 3) {
      throw new IllegalArgumentException(
          layer
              + " needs a rank-3 input [height, width, channels] but gets rank "
              + input.size()
              + " "
              + input
              + (input.size() == 2 ? "; add a Reshape to [h, w, 1] first" : ""));
    }
  }

  /** Returns a pooling's output shape: the spatial sizes pooled, the channels kept. */
  static List<Integer> pooledShape(
      String layer, int poolSize, int strides, boolean same, List<Integer> input) {
    checkImage(layer, input);
    String window = "window " + poolSize + "×" + poolSize + " (input " + input + ")";
    int h = windowOutput(layer, window, input.get(0), poolSize, strides, same);
    int w = windowOutput(layer, window, input.get(1), poolSize, strides, same);
    return List.of(h, w, input.get(2));
  }

  /** Computes one spatial output size, or fails if the window does not fit a VALID input. */
  static int windowOutput(
      String layer, String what, int input, int window, int stride, boolean same) {
    if (same) {
      return (input + stride - 1) / stride;
    }
    if (window > input) {
      throw new IllegalArgumentException(
          layer
              + " has a "
              + what
              + " of "
              + window
              + " which is larger than its input's "
              + input
              + " with VALID padding");
    }
    return (input - window) / stride + 1;
  }
}
