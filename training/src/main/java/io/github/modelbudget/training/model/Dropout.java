package io.github.modelbudget.training.model;

import java.util.List;

/**
 * Zeroes a random share of its inputs during training and scales the rest by {@code 1 / (1 - rate)}
 * (Keras {@code Dropout}); the identity at inference, so it is dropped at export.
 *
 * @param rate the share of inputs dropped, in [0, 1)
 */
public record Dropout(double rate) implements Layer {

  /** Validates the rate. */
  public Dropout {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("rate must be in [0, 1) but was " + rate);
    }
  }

  @Override
  public String kind() {
    return "dropout";
  }

  @Override
  public List<Integer> outputShape(List<Integer> input) {
    return input;
  }

  @Override
  public String toString() {
    return "Dropout(" + rate + ")";
  }
}
