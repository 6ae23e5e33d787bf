package io.github.modelbudget.training.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A fully connected layer over a flat input, with a bias per unit (Keras {@code Dense}).
 *
 * @param units the number of outputs, at least 1
 * @param activation the activation applied to the output
 */
public record Dense(int units, Activation activation) implements Layer {

  /** Validates the arguments. */
  public Dense {
    Layer.checkPositive("units", units);
    Objects.requireNonNull(activation, "activation");
  }

  @Override
  public String kind() {
    return "dense";
  }

  @Override
  public boolean hasWeights() {
    return true;
  }

  @Override
  public List<Integer> outputShape(List<Integer> input) {
    if (input.size() != 1) {
      throw new IllegalArgumentException(
          toString()
              + " needs a rank-1 input [features] but gets rank "
              + input.size()
              + " "
              + input
              + "; add a Flatten first");
    }
    return List.of(units);
  }

  @Override
  public String toString() {
    return "Dense(" + units + ", " + activation.name().toLowerCase(Locale.ROOT) + ")";
  }
}
