package io.github.modelbudget.harness.budget;

import io.github.modelbudget.harness.ModelBudgetException;
import java.util.OptionalInt;

/**
 * Thrown when a budget file cannot be read or is not a valid budget: malformed JSON or YAML, an
 * unknown key, a bad unit, a value out of range. The message starts with the file and line.
 */
public class BudgetFileException extends ModelBudgetException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  /**
   * Creates the exception.
   *
   * @param file the budget file
   * @param line the 1-based line of the problem, or 0 if unknown
   * @param problem what was expected and what was found
   * @param cause the underlying error, may be {@code null}
   */
  public BudgetFileException(String file, int line, String problem, Throwable cause) {
    super(file + (line > 0 ? " line " + line : "") + ": " + problem, cause);
    this.file = file;
    this.line = line;
  }

  /**
   * Returns the budget file.
   *
   * @return its path or name
   */
  public String file() {
    return file;
  }

  /**
   * Returns the line of the problem.
   *
   * @return the 1-based line, or empty if unknown
   */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }
}
