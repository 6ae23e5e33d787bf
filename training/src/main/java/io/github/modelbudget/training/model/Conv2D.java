package io.github.modelbudget.training.model;

import io.github.modelbudget.harness.format.Padding;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A 2-D convolution with a square kernel and a bias per filter (Keras {@code Conv2D}).
 *
 * @param filters the number of output channels, at least 1
 * @param kernelSize the kernel's height and width, at least 1
 * @param strides the stride in both directions, at least 1
 * @param padding {@code VALID} (Keras's default) or {@code SAME}
 * @param activation the activation applied to the output
 */
public record Conv2D(
    int filters, int kernelSize, int strides, Padding padding, Activation activation)
    implements Layer {

  /** Validates the arguments. */
  public Conv2D {
    Layer.checkPositive("filters", filters);
    Layer.checkPositive("kernelSize", kernelSize);
    Layer.checkPositive("strides", strides);
    Objects.requireNonNull(padding, "padding");
    Objects.requireNonNull(activation, "activation");
  }

  /**
   * Returns a convolution with stride 1 and {@code VALID} padding, as Keras defaults.
   *
   * @param filters the number of output channels
   * @param kernelSize the kernel's height and width
   * @param activation the activation
   * @return the layer
   */
  public static Conv2D of(int filters, int kernelSize, Activation activation) {
    return new Conv2D(filters, kernelSize, 1, Padding.VALID, activation);
  }

  @Override
  public String kind() {
    return "conv2d";
  }

  @Override
  public boolean hasWeights() {
    return true;
  }

  @Override
  public List<Integer> outputShape(List<Integer> input) {
    Layer.checkImage(toString(), input);
    boolean same = padding == Padding.SAME;
    String kernel = "kernel " + kernelSize + "×" + kernelSize + " (input " + input + ")";
    int h = Layer.windowOutput(toString(), kernel, input.get(0), kernelSize, strides, same);
    int w = Layer.windowOutput(toString(), kernel, input.get(1), kernelSize, strides, same);
    return List.of(h, w, filters);
  }

  @Override
  public String toString() {
    return "Conv2D("
        + filters
        + ", "
        + kernelSize
        + "×"
        + kernelSize
        + ", strides "
        + strides
        + ", "
        + padding
        + ", "
        + activation.name().toLowerCase(Locale.ROOT)
        + ")";
  }
}
