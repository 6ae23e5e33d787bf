package io.github.modelbudget.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The {@code -v/--verbose} option of every command. {@link ExecutionErrorHandler} looks for it by
 * name to decide whether to print a failure's stack trace, and {@link NativeLogLevels} to let the
 * native runtimes' own lines through.
 */
public final class VerboseOption {

  @Option(
      names = {"-v", "--verbose"},
      description =
          "Print stack traces of errors, and the native runtimes' own log lines (TFLite's at debug"
              + " level, TensorFlow's informational ones).")
  boolean verbose;

  /**
   * Tells whether {@code --verbose} was given to the command or to any of its parents.
   *
   * @param parseResult the parsed command line
   * @return {@code true} if it was
   */
  static boolean matched(ParseResult parseResult) {
    return parseResult.hasMatchedOption("--verbose")
        || parseResult.subcommands().stream().anyMatch(VerboseOption::matched);
  }
}
