package io.github.modelbudget.cli;

/** The exit codes of every {@code modelbudget} command. */
public final class ExitCode {

  /** The command did what was asked and every {@code error}-level budget holds. */
  public static final int OK = 0;

  /** An {@code error}-level budget is violated. */
  public static final int BUDGET_VIOLATED = 1;

  /** The command line is wrong: an unknown option, a missing argument, a bad value. */
  public static final int USAGE = 2;

  /** An input could not be read or is invalid: a model, a dataset, a budget file. */
  public static final int INVALID_INPUT = 3;

  /**
   * ModelBudget itself failed; the message (and, with {@code --verbose}, the stack trace) says
   * where.
   */
  public static final int INTERNAL_ERROR = 70;

  private ExitCode() {}
}
