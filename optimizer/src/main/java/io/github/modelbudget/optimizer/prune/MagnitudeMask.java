package io.github.modelbudget.optimizer.prune;

import java.util.Arrays;

/**
 * The magnitude pruning rule of tfmot, per weight tensor: keep the {@code k} largest weights by
 * absolute value, where {@code k = max(round(size × (1 - sparsity)), 1)}; a weight is kept when
 * {@code |w| >= threshold}, the {@code k}-th largest magnitude. Ties at the threshold are all kept,
 * so the achieved sparsity can be slightly below the target.
 */
public final class MagnitudeMask {

  private MagnitudeMask() {}

  /**
   * Returns how many weights a tensor keeps at a target sparsity.
   *
   * @param size the number of weights, at least 1
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @return {@code max(round(size × (1 - sparsity)), 1)}
   */
  public static int keptCount(int size, double sparsity) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1 but was " + size);
    }
    PruningSchedule.checkSparsity("sparsity", sparsity);
    return (int) Math.max(Math.round(size * (1 - sparsity)), 1);
  }

  /**
   * Returns the magnitude threshold at a target sparsity: the {@code k}-th largest {@code |w|}.
   *
   * @param weights the weights, not empty
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @return the threshold; weights with {@code |w| >= threshold} are kept
   */
  public static float threshold(float[] weights, double sparsity) {
    int k = keptCount(weights.length, sparsity);
    float[] magnitudes = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      magnitudes[i] = Math.abs(weights[i]);
    }
    Arrays.sort(magnitudes);
    return magnitudes[weights.length - k];
  }

  /**
   * Computes the mask of a weight tensor at a target sparsity.
   *
   * @param weights the weights, not empty
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @return 1 where a weight is kept, 0 where it is pruned
   */
  public static float[] of(float[] weights, double sparsity) {
    float threshold = threshold(weights, sparsity);
    float[] mask = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      mask[i] = Math.abs(weights[i]) >= threshold ? 1f : 0f;
    }
    return mask;
  }

  /**
   * Returns the weights with the pruned ones set to exactly zero.
   *
   * @param weights the weights, not empty
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @return a new array
   */
  public static float[] apply(float[] weights, double sparsity) {
    float threshold = threshold(weights, sparsity);
    float[] pruned = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      pruned[i] = Math.abs(weights[i]) >= threshold ? weights[i] : 0f;
    }
    return pruned;
  }
}
