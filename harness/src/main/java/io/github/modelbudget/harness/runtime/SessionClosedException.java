package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.ModelBudgetException;

/** Thrown when a closed session, or a session of a closed model, is used. */
public class SessionClosedException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the model and the call that was attempted
   */
  public SessionClosedException(String message) {
    super(message);
  }
}
