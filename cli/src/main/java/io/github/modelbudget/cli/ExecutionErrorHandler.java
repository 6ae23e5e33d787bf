package io.github.modelbudget.cli;

import io.github.modelbudget.harness.ModelBudgetException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into exit codes and one-line messages; the stack trace is printed
 * only with {@code --verbose}.
 */
final class ExecutionErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose =
        parseResult.hasMatchedOption("--verbose")
            || parseResult.subcommands().stream()
                .anyMatch(sub -> sub.hasMatchedOption("--verbose"));
    int code;
    if (e instanceof ModelBudgetException || e instanceof UncheckedIOException) {
      err.println(commandLine.getColorScheme().errorText("error: " + e.getMessage()));
      code = ExitCode.INVALID_INPUT;
    } else {
      err.println(commandLine.getColorScheme().errorText("internal error: " + e));
      code = ExitCode.INTERNAL_ERROR;
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }
}
