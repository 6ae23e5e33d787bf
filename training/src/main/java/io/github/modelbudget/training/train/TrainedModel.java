package io.github.modelbudget.training.train;

import io.github.modelbudget.training.model.Conv2D;
import io.github.modelbudget.training.model.Dense;
import io.github.modelbudget.training.model.InvalidModelSpecException;
import io.github.modelbudget.training.model.Layer;
import io.github.modelbudget.training.model.SequentialModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A model description with its weights as plain Java values: what training produces, and what
 * export and pruning work from.
 *
 * @param model the description
 * @param weights every weight the model has, in layer order, kernel before bias
 */
public record TrainedModel(SequentialModel model, List<WeightTensor> weights) {

  /**
   * Checks that the weights are exactly the ones the model needs, with the right shapes.
   *
   * @throws InvalidModelSpecException if a weight is missing, extra or of the wrong shape
   */
  public TrainedModel {
    Objects.requireNonNull(model, "model");
    weights = List.copyOf(weights);
    List<WeightShape> expected = expectedWeights(model);
    List<String> names = weights.stream().map(WeightTensor::name).toList();
    List<String> expectedNames = expected.stream().map(WeightShape::name).toList();
    if (!names.equals(expectedNames)) {
      throw new InvalidModelSpecException(
          model.name(), "the model needs the weights " + expectedNames + " but got " + names);
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).shape().equals(weights.get(i).shape())) {
        throw new InvalidModelSpecException(
            model.name(),
            "weight '"
                + expected.get(i).name()
                + "' must have shape "
                + expected.get(i).shape()
                + " but has "
                + weights.get(i).shape());
      }
    }
  }

  /**
   * Returns a model with the weights Keras would start training from (Glorot-uniform kernels, zero
   * biases), untrained: a realistic stand-in where only the architecture and the sizes matter, e.g.
   * for latency benchmarks or tests of tools that read {@code .tflite} files.
   *
   * @param model the description
   * @param seed the seed of the kernels
   * @return the model with its initial weights
   */
  public static TrainedModel initialized(SequentialModel model, long seed) {
    return Initializers.glorotUniform(model, new SplittableRandom(seed));
  }

  /**
   * Returns a weight by name.
   *
   * @param name e.g. {@code conv2d/kernel}
   * @return the weight, or empty if the model has none of that name
   */
  public Optional<WeightTensor> weight(String name) {
    return weights.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /**
   * Returns the names of the kernels (conv and dense), the weights pruning works on.
   *
   * @return the kernel names in layer order
   */
  public List<String> kernelNames() {
    return weights.stream().filter(WeightTensor::isKernel).map(WeightTensor::name).toList();
  }

  /**
   * Returns the same model with some weights replaced.
   *
   * @param replacements weights by name; each must exist and keep its shape
   * @return the new model
   */
  public TrainedModel withWeights(Map<String, float[]> replacements) {
    Map<String, float[]> pending = new LinkedHashMap<>(replacements);
    List<WeightTensor> updated = new ArrayList<>();
    for (WeightTensor weight : weights) {
      float[] values = pending.remove(weight.name());
      updated.add(values == null ? weight : weight.withValues(values));
    }
    if (!pending.isEmpty()) {
      throw new IllegalArgumentException(
          "model '" + model.name() + "' has no weights named " + pending.keySet());
    }
    return new TrainedModel(model, updated);
  }

  /**
   * Returns the number of classes the model predicts: 2 for a single sigmoid unit, otherwise the
   * units of the last dense layer.
   *
   * @return the class count
   * @throws InvalidModelSpecException if the model does not end in a classification head
   */
  public int classCount() {
    return ClassificationHead.of(model).classCount();
  }

  /**
   * Lists the weights a model needs, in TensorFlow's layouts.
   *
   * @param model the description
   * @return name and shape of every weight, in layer order, kernel before bias
   */
  public static List<WeightShape> expectedWeights(SequentialModel model) {
    List<WeightShape> shapes = new ArrayList<>();
    List<String> names = model.layerNames();
    List<Integer> input = model.inputShape();
    List<List<Integer>> outputs = model.layerOutputShapes();
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      if (layer instanceof Conv2D conv) {
        shapes.add(
            new WeightShape(
                names.get(i) + "/kernel",
                List.of(conv.kernelSize(), conv.kernelSize(), input.get(2), conv.filters())));
        shapes.add(new WeightShape(names.get(i) + "/bias", List.of(conv.filters())));
      } else if (layer instanceof Dense dense) {
        shapes.add(new WeightShape(names.get(i) + "/kernel", List.of(input.get(0), dense.units())));
        shapes.add(new WeightShape(names.get(i) + "/bias", List.of(dense.units())));
      }
      input = outputs.get(i);
    }
    return List.copyOf(shapes);
  }

  /**
   * The name and shape of one weight.
   *
   * @param name e.g. {@code dense/kernel}
   * @param shape the shape in TensorFlow's layout
   */
  public record WeightShape(String name, List<Integer> shape) {

    /** Copies the shape. */
    public WeightShape {
      Objects.requireNonNull(name, "name");
      shape = List.copyOf(shape);
    }

    /**
     * Returns the number of elements.
     *
     * @return the product of the shape
     */
    public int size() {
      return shape.stream().reduce(1, (a, b) -> a * b);
    }
  }
}
