package io.github.modelbudget.optimizer.prune;

import java.util.List;
import java.util.Objects;

/**
 * One weight tensor before and after one-shot pruning.
 *
 * @param name the tensor's name
 * @param operator the operator that reads it as weights, e.g. {@code CONV_2D}
 * @param shape its shape
 * @param elements its element count
 * @param zerosBefore how many of its values were exactly zero before pruning
 * @param zerosAfter how many are exactly zero after
 * @param threshold the magnitude threshold applied: values with {@code |w| >= threshold} were kept
 */
public record TensorSparsity(
    String name,
    String operator,
    List<Integer> shape,
    int elements,
    int zerosBefore,
    int zerosAfter,
    float threshold) {

  /** Validates and copies. */
  public TensorSparsity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operator, "operator");
    shape = List.copyOf(shape);
  }

  /**
   * Returns the fraction of zeros before pruning.
   *
   * @return a value in [0, 1]
   */
  public double sparsityBefore() {
    return (double) zerosBefore / elements;
  }

  /**
   * Returns the fraction of zeros after pruning.
   *
   * @return a value in [0, 1]
   */
  public double sparsityAfter() {
    return (double) zerosAfter / elements;
  }
}
