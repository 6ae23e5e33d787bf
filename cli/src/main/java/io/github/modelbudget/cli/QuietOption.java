package io.github.modelbudget.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code -q/--quiet} option of the commands that draw progress bars, and those bars. */
public final class QuietOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bars.")
  boolean quiet;

  /**
   * Returns a progress line on the command's error stream, drawn only on a terminal and unless
   * {@code --quiet} was given.
   */
  public ProgressLine progressLine() {
    return new ProgressLine(command.commandLine().getErr(), ProgressLine.onTerminal(quiet));
  }
}
