package io.github.modelbudget.optimizer.prune;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when a model's weights cannot be pruned one-shot: the weights of its {@code CONV_2D},
 * {@code DEPTHWISE_CONV_2D} and {@code FULLY_CONNECTED} operators are not {@code FLOAT32} constants
 * (for instance, they are already quantized).
 */
public class NotPrunableException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String origin;

  /**
   * Creates the exception.
   *
   * @param origin where the model came from, never {@code null}
   * @param problem what was expected and what was found
   */
  public NotPrunableException(String origin, String problem) {
    super(origin + ": " + problem);
    this.origin = origin;
  }

  /**
   * Returns where the model came from.
   *
   * @return the path, resource or name of the model, never {@code null}
   */
  public String origin() {
    return origin;
  }
}
