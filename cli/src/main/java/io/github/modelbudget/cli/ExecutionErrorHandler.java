package io.github.modelbudget.cli;

import io.github.modelbudget.harness.ModelBudgetException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into exit codes and one-line messages; the stack trace is printed
 * only with {@code --verbose}.
 *
 * <p>An {@link OutOfMemoryError} is an input problem here, not a crash: the inputs are what the
 * memory goes to, so it is exit code 3 with what to do. A message longer than {@value #MAX_MESSAGE}
 * characters (a list of a million class names) is cut.
 */
final class ExecutionErrorHandler implements IExecutionExceptionHandler {

  /** The most characters of an error message printed. */
  static final int MAX_MESSAGE = 2_000;

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose = VerboseOption.matched(parseResult);
    int code;
    Throwable shown = e;
    OutOfMemoryError oom = outOfMemoryIn(e);
    if (oom != null) {
      // A command's own OutOfMemoryError (wrapped by catchingOutOfMemory) or one that a library
      // wrapped with what it was doing, which comes first then.
      boolean own = e instanceof ExecutionException && e.getCause() == oom;
      String message = (own ? "" : cut(e.getMessage()) + ": ") + outOfMemory(oom);
      err.println(commandLine.getColorScheme().errorText("error: " + message));
      shown = own ? oom : e;
      code = ExitCode.INVALID_INPUT;
    } else if (e instanceof ModelBudgetException || e instanceof UncheckedIOException) {
      err.println(commandLine.getColorScheme().errorText("error: " + cut(e.getMessage())));
      code = ExitCode.INVALID_INPUT;
    } else {
      err.println(commandLine.getColorScheme().errorText("internal error: " + cut(e.toString())));
      code = ExitCode.INTERNAL_ERROR;
    }
    if (verbose) {
      shown.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * Wraps an execution strategy so that an {@link OutOfMemoryError} of a command reaches this
   * handler (picocli passes only exceptions to it) instead of ending the JVM with a stack trace.
   *
   * @param strategy the strategy to wrap, e.g. {@code new CommandLine.RunLast()}
   * @return the wrapping strategy
   */
  static IExecutionStrategy catchingOutOfMemory(IExecutionStrategy strategy) {
    return parseResult -> {
      try {
        return strategy.execute(parseResult);
      } catch (OutOfMemoryError oom) {
        ParseResult last = parseResult;
        while (last.hasSubcommand()) {
          last = last.subcommand();
        }
        throw new ExecutionException(last.commandSpec().commandLine(), "out of memory", oom);
      }
    };
  }

  /** Returns the out-of-memory error among an exception's causes (a worker's, wrapped), if any. */
  private static OutOfMemoryError outOfMemoryIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError oom) {
        return oom;
      }
    }
    return null;
  }

  /**
   * Returns the message for running out of memory: what ran out, and what to raise (the heap) or
   * lower (the data).
   *
   * @param oom the error
   * @return one line, without the {@code error:} prefix
   */
  static String outOfMemory(OutOfMemoryError oom) {
    return String.format(
        Locale.ROOT,
        "out of memory (%s) with a maximum heap of %,d MB. An input asks for more memory than"
            + " Java has: check the data (a huge label, dimension or count), then give Java more"
            + " memory (java -Xmx8g -jar modelbudget.jar …) or use a smaller dataset; .npz and"
            + " Quick, Draw! .npy features larger than a quarter of the heap are already read from"
            + " the file, not loaded",
        oom.getMessage() == null ? "no detail" : oom.getMessage(),
        Runtime.getRuntime().maxMemory() / 1_000_000);
  }

  private static String cut(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE)
        + "… ("
        + (message.length() - MAX_MESSAGE)
        + " more characters)";
  }
}
