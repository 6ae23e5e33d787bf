package io.github.modelbudget.harness.runtime;

/**
 * Thrown when a model uses an operator, or an operator version, that the runtime does not provide.
 */
public class UnsupportedOperatorException extends ModelRuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the model's origin, the operator and its version, and the runtime's version
   */
  public UnsupportedOperatorException(String message) {
    super(message);
  }
}
