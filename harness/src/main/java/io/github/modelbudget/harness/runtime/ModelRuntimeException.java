package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.ModelBudgetException;

/** Thrown when the runtime reports an error for a model: building, allocating or invoking it. */
public class ModelRuntimeException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the model's origin, the step that failed and what the runtime said
   */
  public ModelRuntimeException(String message) {
    super(message);
  }
}
