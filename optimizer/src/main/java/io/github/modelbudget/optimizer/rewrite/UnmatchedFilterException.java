package io.github.modelbudget.optimizer.rewrite;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when a {@link WeightFilter} picks none of the weights a rewrite would change, so that a
 * mistyped pattern fails loudly instead of keeping nothing.
 */
public class UnmatchedFilterException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String origin;

  /**
   * Creates the exception.
   *
   * @param origin where the model came from, never {@code null}
   * @param problem the pattern, what it was matched against, and the names it could have matched
   */
  public UnmatchedFilterException(String origin, String problem) {
    super(origin + ": " + problem);
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
