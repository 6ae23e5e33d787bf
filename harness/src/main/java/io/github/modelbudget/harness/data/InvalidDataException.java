package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when a dataset or a data file is not what it should be: a missing, truncated or malformed
 * file, an unsupported element type, labels that do not fit, an empty dataset.
 */
public class InvalidDataException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String origin;

  /**
   * Creates the exception.
   *
   * @param origin the file, resource or dataset the problem is in, never {@code null}
   * @param problem what was expected and what was found
   */
  public InvalidDataException(String origin, String problem) {
    super(origin + ": " + problem);
    this.origin = origin;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param origin the file, resource or dataset the problem is in, never {@code null}
   * @param problem what was expected and what was found
   * @param cause the underlying error
   */
  public InvalidDataException(String origin, String problem, Throwable cause) {
    super(origin + ": " + problem, cause);
    this.origin = origin;
  }

  /**
   * Returns the file, resource or dataset the problem is in.
   *
   * @return the origin, never {@code null}
   */
  public String origin() {
    return origin;
  }
}
