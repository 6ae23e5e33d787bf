package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when data given to a session does not fit a tensor: wrong shape, length or element type.
 */
public class TensorMismatchException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the model, the tensor, what was expected and what was found
   */
  public TensorMismatchException(String message) {
    super(message);
  }
}
