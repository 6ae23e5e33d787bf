package io.github.modelbudget.cli.training;

import io.github.modelbudget.cli.CommandProvider;
import java.util.List;

/**
 * Adds {@code optimize} and {@code demo}, the commands that train with TensorFlow Java, to the
 * {@code modelbudget} command line; registered in {@code
 * META-INF/services/io.github.modelbudget.cli.CommandProvider}.
 */
public final class TrainingCommands implements CommandProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public TrainingCommands() {}

  @Override
  public List<Object> commands() {
    return List.of(new OptimizeCommand(), new DemoCommand());
  }
}
