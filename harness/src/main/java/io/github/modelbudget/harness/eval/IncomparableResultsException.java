package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when two evaluations cannot be paired: they ran on different datasets (by digest) or their
 * models have different output widths.
 */
public class IncomparableResultsException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message both models, both datasets and what differs
   */
  public IncomparableResultsException(String message) {
    super(message);
  }
}
