package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown before an evaluation starts when a dataset does not fit a model: the sample shape differs
 * from the model's input (batch dimension aside), or the class count does not match the model's
 * output width.
 */
public class DatasetMismatchException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the model, the dataset, what was expected and what was found
   */
  public DatasetMismatchException(String message) {
    super(message);
  }
}
