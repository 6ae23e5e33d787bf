package io.github.modelbudget.training.train;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named weight tensor in TensorFlow's layout: conv kernels {@code [height, width, in, out]}
 * (HWIO), dense kernels {@code [in, out]}, biases {@code [out]}. Immutable: the values are copied
 * in and out.
 */
public final class WeightTensor {

  private final String name;
  private final List<Integer> shape;
  private final float[] values;

  /**
   * Creates a weight tensor; the values are copied.
   *
   * @param name the weight's name, e.g. {@code conv2d/kernel}
   * @param shape the shape; its element count must equal {@code values.length}
   * @param values the values in row-major order
   */
  public WeightTensor(String name, List<Integer> shape, float[] values) {
    this.name = Objects.requireNonNull(name, "name");
    this.shape = List.copyOf(shape);
    long count = 1;
    for (int dim : this.shape) {
      count *= dim;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          "weight '"
              + name
              + "' has shape "
              + this.shape
              + " ("
              + count
              + " elements) but "
              + values.length
              + " values");
    }
    this.values = values.clone();
  }

  /**
   * Returns the name.
   *
   * @return e.g. {@code dense/bias}
   */
  public String name() {
    return name;
  }

  /**
   * Returns the shape in TensorFlow's layout.
   *
   * @return the dimensions
   */
  public List<Integer> shape() {
    return shape;
  }

  /**
   * Returns a copy of the values.
   *
   * @return the values in row-major order
   */
  public float[] values() {
    return values.clone();
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the shape
   */
  public int size() {
    return values.length;
  }

  /**
   * Tells whether this is a kernel (a prunable weight) rather than a bias.
   *
   * @return whether the name ends in {@code /kernel}
   */
  public boolean isKernel() {
    return name.endsWith("/kernel");
  }

  /**
   * Returns the share of values that are exactly zero.
   *
   * @return in [0, 1]
   */
  public double sparsity() {
    int zeros = 0;
    for (float value : values) {
      if (value == 0f) {
        zeros++;
      }
    }
    return (double) zeros / values.length;
  }

  /**
   * Returns a tensor with the same name and shape and other values.
   *
   * @param newValues the values, as many as this tensor has
   * @return the new tensor
   */
  public WeightTensor withValues(float[] newValues) {
    return new WeightTensor(name, shape, newValues);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WeightTensor that
        && name.equals(that.name)
        && shape.equals(that.shape)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, shape, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "WeightTensor[" + name + ", " + shape + "]";
  }
}
