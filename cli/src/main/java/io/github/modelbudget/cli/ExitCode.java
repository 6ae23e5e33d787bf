package io.github.modelbudget.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code modelbudget} command, and their help section ({@link #helpList}),
 * which every command's usage shows.
 */
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

  /**
   * Returns the exit codes and their meanings as picocli's usage help lists them, in ascending
   * order.
   *
   * @return code to meaning, in order
   */
  static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put(
        String.valueOf(OK), "success; every error-level budget holds (warnings may be listed)");
    list.put(String.valueOf(BUDGET_VIOLATED), "an error-level budget is violated");
    list.put(
        String.valueOf(USAGE), "usage error: an unknown option, a missing argument, a bad value");
    list.put(
        String.valueOf(INVALID_INPUT),
        "unreadable or invalid input (a model, data, a budget file, a run record), a budget entry"
            + " that matches no model, or a model that could not be evaluated");
    list.put(String.valueOf(INTERNAL_ERROR), "internal error (--verbose prints the stack trace)");
    return list;
  }
}
