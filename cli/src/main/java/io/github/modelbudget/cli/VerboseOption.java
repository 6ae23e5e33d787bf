package io.github.modelbudget.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -v/--verbose} option of every command. {@link ExecutionErrorHandler} looks for it by
 * name to decide whether to print a failure's stack trace.
 */
public final class VerboseOption {

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces of errors.")
  boolean verbose;
}
