package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Two models whose graphs cannot be matched tensor by tensor: a per-layer comparison needs the
 * variant to run the baseline's operators in the baseline's order (quantize and dequantize
 * operators aside).
 */
public final class GraphMismatchException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which models, what was expected and what was found
   */
  public GraphMismatchException(String message) {
    super(message);
  }
}
