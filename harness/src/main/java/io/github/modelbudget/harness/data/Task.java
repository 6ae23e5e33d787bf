package io.github.modelbudget.harness.data;

import java.util.Locale;

/**
 * What a model does with a sample: assign it a class, or predict one or several real values.
 *
 * <p>A dataset's task is inferred from its labels when it is loaded: an integer labels array is
 * classification; a floating-point array that holds a non-integral value, or several values per
 * sample, is regression. A floating-point array of whole numbers, one per sample, is ambiguous
 * (class indices saved as floats, or a regression whose targets happen to be whole): it loads as
 * classification and keeps its values as targets too, and the evaluator reads it as regression only
 * when the model's output cannot score its classes (a one-wide output for more than two classes, or
 * an output width other than the class count). Stating the task ({@link Dataset#withTask}, the
 * CLI's {@code --task}, {@code @EvaluationData(task = …)}) settles it.
 */
public enum Task {
  /** Class labels; outputs are sigmoid or softmax scores (or their logits). */
  CLASSIFICATION,
  /** Real-valued targets, one or several per sample; outputs are the predicted values. */
  REGRESSION;

  /**
   * Parses a task by name, ignoring case: {@code classification} or {@code regression}.
   *
   * @param text the name
   * @return the task
   * @throws IllegalArgumentException naming the valid values if the text is neither
   */
  public static Task parse(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT);
    for (Task task : values()) {
      if (task.name().equals(name)) {
        return task;
      }
    }
    throw new IllegalArgumentException(
        "unknown task '" + text + "'; expected 'classification' or 'regression'");
  }

  /**
   * Returns the name as written on the command line and in annotations.
   *
   * @return {@code classification} or {@code regression}
   */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
