package io.github.modelbudget.harness.format;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when bytes that should hold a TensorFlow Lite model do not: a missing, empty, truncated or
 * foreign file, or a flatbuffer the TFLite verifier rejects.
 */
public class InvalidModelException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String origin;

  /**
   * Creates the exception.
   *
   * @param origin where the model came from (a path, a resource, a name), never {@code null}
   * @param problem what was expected and what was found
   */
  public InvalidModelException(String origin, String problem) {
    super(origin + ": " + problem);
    this.origin = origin;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param origin where the model came from (a path, a resource, a name), never {@code null}
   * @param problem what was expected and what was found
   * @param cause the underlying error
   */
  public InvalidModelException(String origin, String problem, Throwable cause) {
    super(origin + ": " + problem, cause);
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
