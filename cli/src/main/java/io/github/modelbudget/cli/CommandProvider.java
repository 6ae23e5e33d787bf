package io.github.modelbudget.cli;

import java.util.List;

/**
 * Adds subcommands to the {@code modelbudget} command line from another artifact, so that the
 * command line itself stays free of their dependencies (the training commands and TensorFlow Java
 * live in {@code modelbudget-cli-training}).
 *
 * <p>{@link ModelBudgetCli#commandLine} finds implementations with {@link java.util.ServiceLoader}:
 * an artifact lists its provider in {@code
 * META-INF/services/io.github.modelbudget.cli.CommandProvider} and needs a public no-argument
 * constructor. Each command is an instance of a class annotated with picocli's {@code @Command},
 * and is added under its annotation's name, after the built-in commands. A name that is already
 * taken is a configuration error of the jar, not of the user's command line.
 */
public interface CommandProvider {

  /**
   * Returns the commands to add.
   *
   * @return picocli command objects, never {@code null}
   */
  List<Object> commands();
}
