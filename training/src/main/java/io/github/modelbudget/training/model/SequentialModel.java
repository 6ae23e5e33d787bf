package io.github.modelbudget.training.model;

import io.github.modelbudget.harness.format.Padding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Keras-like sequential network: an input shape and layers applied in order. Every layer is
 * checked against the shape it receives when the model is created, so a layer that cannot apply
 * fails here, naming the layer and the shapes, not later inside TensorFlow.
 *
 * <pre>{@code
 * SequentialModel model = SequentialModel.builder("quickdraw", 28, 28)
 *     .reshape(28, 28, 1)
 *     .conv2d(12, 3, Activation.RELU)
 *     .maxPool2d(2)
 *     .conv2d(24, 3, Activation.RELU)
 *     .maxPool2d(2)
 *     .flatten()
 *     .dense(1, Activation.SIGMOID)
 *     .build();
 * }</pre>
 *
 * @param name the model's name, used in messages and as the exported model's name
 * @param inputShape the shape of one sample, without the batch dimension
 * @param layers the layers, at least one
 */
public record SequentialModel(String name, List<Integer> inputShape, List<Layer> layers) {

  /**
   * Validates the model and infers every layer's output shape.
   *
   * @throws InvalidModelSpecException if the input shape is invalid or a layer cannot apply
   */
  public SequentialModel {
    Objects.requireNonNull(name, "name");
    inputShape = List.copyOf(inputShape);
    layers = List.copyOf(layers);
    if (inputShape.isEmpty() || inputShape.stream().anyMatch(d -> d < 1)) {
      throw new InvalidModelSpecException(
          name, "the input shape must have dimensions of at least 1 but is " + inputShape);
    }
    if (layers.isEmpty()) {
      throw new InvalidModelSpecException(name, "a model needs at least one layer");
    }
    inferShapes(name, inputShape, layers);
  }

  /**
   * Starts a model description.
   *
   * @param name the model's name
   * @param inputShape the shape of one sample, without the batch dimension
   * @return a builder
   */
  public static Builder builder(String name, int... inputShape) {
    return new Builder(name, Arrays.stream(inputShape).boxed().toList());
  }

  /**
   * Returns the output shape of every layer, in order.
   *
   * @return one shape per layer, without the batch dimension
   */
  public List<List<Integer>> layerOutputShapes() {
    return inferShapes(name, inputShape, layers);
  }

  /**
   * Returns the shape the model produces for one sample.
   *
   * @return the last layer's output shape
   */
  public List<Integer> outputShape() {
    List<List<Integer>> shapes = layerOutputShapes();
    return shapes.get(shapes.size() - 1);
  }

  /**
   * Returns the Keras-style name of every layer: its kind, with {@code _1}, {@code _2}, … for
   * repeats ({@code conv2d}, {@code conv2d_1}, {@code max_pooling2d}, {@code dense}). Weights are
   * named {@code <layer>/kernel} and {@code <layer>/bias}.
   *
   * @return one name per layer
   */
  public List<String> layerNames() {
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (Layer layer : layers) {
      int count = seen.merge(layer.kind(), 1, Integer::sum);
      names.add(count == 1 ? layer.kind() : layer.kind() + "_" + (count - 1));
    }
    return List.copyOf(names);
  }

  /**
   * Returns the number of elements of one input sample.
   *
   * @return the product of the input shape
   */
  public int inputSize() {
    return Math.toIntExact(elementCount(inputShape));
  }

  /** Returns the number of elements of a shape. */
  static long elementCount(List<Integer> shape) {
    long count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    return count;
  }

  private static List<List<Integer>> inferShapes(
      String name, List<Integer> inputShape, List<Layer> layers) {
    List<List<Integer>> shapes = new ArrayList<>();
    List<Integer> shape = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = Objects.requireNonNull(layers.get(i), "layer " + i);
      try {
        shape = List.copyOf(layer.outputShape(shape));
      } catch (IllegalArgumentException e) {
        throw new InvalidModelSpecException(
            name,
            "layer "
                + i
                + " ("
                + layer
                + ") cannot apply to its input of shape "
                + shape
                + ": "
                + e.getMessage());
      }
      shapes.add(shape);
    }
    return List.copyOf(shapes);
  }

  /** Collects layers for a {@link SequentialModel}; not thread-safe. */
  public static final class Builder {

    private final String name;
    private final List<Integer> inputShape;
    private final List<Layer> layers = new ArrayList<>();

    private Builder(String name, List<Integer> inputShape) {
      this.name = Objects.requireNonNull(name, "name");
      this.inputShape = inputShape;
    }

    /**
     * Appends any layer.
     *
     * @param layer the layer
     * @return this builder
     */
    public Builder add(Layer layer) {
      layers.add(Objects.requireNonNull(layer, "layer"));
      return this;
    }

    /**
     * Appends a {@link Reshape}.
     *
     * @param targetShape the new shape, without the batch dimension
     * @return this builder
     */
    public Builder reshape(int... targetShape) {
      return add(Reshape.to(targetShape));
    }

    /**
     * Appends a {@link Conv2D} with stride 1 and {@code VALID} padding.
     *
     * @param filters the number of output channels
     * @param kernelSize the kernel's height and width
     * @param activation the activation
     * @return this builder
     */
    public Builder conv2d(int filters, int kernelSize, Activation activation) {
      return add(Conv2D.of(filters, kernelSize, activation));
    }

    /**
     * Appends a {@link Conv2D}.
     *
     * @param filters the number of output channels
     * @param kernelSize the kernel's height and width
     * @param strides the stride in both directions
     * @param padding the padding
     * @param activation the activation
     * @return this builder
     */
    public Builder conv2d(
        int filters, int kernelSize, int strides, Padding padding, Activation activation) {
      return add(new Conv2D(filters, kernelSize, strides, padding, activation));
    }

    /**
     * Appends a {@link MaxPool2D} whose stride equals its window, {@code VALID} padding.
     *
     * @param poolSize the window's height and width
     * @return this builder
     */
    public Builder maxPool2d(int poolSize) {
      return add(MaxPool2D.of(poolSize));
    }

    /**
     * Appends an {@link AveragePool2D} whose stride equals its window, {@code VALID} padding.
     *
     * @param poolSize the window's height and width
     * @return this builder
     */
    public Builder averagePool2d(int poolSize) {
      return add(AveragePool2D.of(poolSize));
    }

    /**
     * Appends a {@link Flatten}.
     *
     * @return this builder
     */
    public Builder flatten() {
      return add(new Flatten());
    }

    /**
     * Appends a {@link Dense}.
     *
     * @param units the number of outputs
     * @param activation the activation
     * @return this builder
     */
    public Builder dense(int units, Activation activation) {
      return add(new Dense(units, activation));
    }

    /**
     * Appends a {@link Dropout}.
     *
     * @param rate the share of inputs dropped during training
     * @return this builder
     */
    public Builder dropout(double rate) {
      return add(new Dropout(rate));
    }

    /**
     * Validates and returns the model.
     *
     * @return the model
     * @throws InvalidModelSpecException if a layer cannot apply to its input
     */
    public SequentialModel build() {
      return new SequentialModel(name, inputShape, layers);
    }
  }
}
