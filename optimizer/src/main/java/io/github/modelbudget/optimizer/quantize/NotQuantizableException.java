package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when dynamic-range quantization cannot apply to a model at all: it has no float weights of
 * an operator with a hybrid kernel, and the weights it has are already quantized.
 */
public class NotQuantizableException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String origin;

  /**
   * Creates the exception.
   *
   * @param origin where the model came from, never {@code null}
   * @param problem what was expected and what was found
   */
  public NotQuantizableException(String origin, String problem) {
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
