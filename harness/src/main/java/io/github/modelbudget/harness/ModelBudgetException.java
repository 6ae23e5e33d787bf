package io.github.modelbudget.harness;

/**
 * The root of every error ModelBudget reports about its inputs: models, data, budgets and sessions.
 *
 * <p>Each subclass's message names the offending file (or resource) first, then what was expected
 * and what was found, so that a build log alone says what to fix.
 */
public class ModelBudgetException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and no cause.
   *
   * @param message what went wrong, never {@code null}
   */
  public ModelBudgetException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause it wraps.
   *
   * @param message what went wrong, never {@code null}
   * @param cause the underlying error, may be {@code null}
   */
  public ModelBudgetException(String message, Throwable cause) {
    super(message, cause);
  }
}
