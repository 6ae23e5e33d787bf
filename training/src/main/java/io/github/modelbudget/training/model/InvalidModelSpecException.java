package io.github.modelbudget.training.model;

import io.github.modelbudget.harness.ModelBudgetException;

/**
 * Thrown when a model description cannot be built: a layer that cannot apply to the shape it
 * receives (a kernel larger than its input, a wrong rank), invalid layer arguments, or a model that
 * cannot be trained as asked.
 */
public class InvalidModelSpecException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String model;

  /**
   * Creates the exception.
   *
   * @param model the model's name, never {@code null}
   * @param problem what was expected and what was found
   */
  public InvalidModelSpecException(String model, String problem) {
    super("model '" + model + "': " + problem);
    this.model = model;
  }

  /**
   * Returns the name of the model the problem is in.
   *
   * @return the model's name
   */
  public String model() {
    return model;
  }
}
