package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when a run record cannot be read: malformed JSON, a missing or unknown field, a schema
 * version newer than this library reads, or records that cannot be merged. The message starts with
 * the file and line when they are known.
 */
public class InvalidRunRecordException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the file (and line), what was expected and what was found
   * @param cause the underlying error, may be {@code null}
   */
  public InvalidRunRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
