package io.github.modelbudget.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for a training command ({@code optimize}, {@code demo}) in the slim command line, which
 * has no TensorFlow Java: whatever follows the name, it says which artifact and jar has the command
 * and exits with {@link ExitCode#USAGE}, instead of picocli's bare "Unmatched argument".
 */
@Command(
    description = {
      "Needs TensorFlow Java, so it is not in this jar: run it with the training command line,"
          + " artifact "
          + TrainingCommandPointer.ARTIFACT
          + " (its runnable jar, classifier all; built as "
          + TrainingCommandPointer.JAR
          + ")."
    })
final class TrainingCommandPointer implements Callable<Integer> {

  /** The Maven artifact of the command line with the training commands. */
  static final String ARTIFACT = "io.github.modelbudget:modelbudget-cli-training";

  /** Where the reactor build writes its runnable jar. */
  static final String JAR = "cli-training/target/modelbudget-cli-training.jar";

  /** The training commands and the headers they are listed with in the slim jar's usage. */
  private static final List<String[]> COMMANDS =
      List.of(
          new String[] {
            "optimize", "Train, prune and quantize a network (in the training CLI jar)."
          },
          new String[] {
            "demo", "Run the Quick, Draw! experiment end to end (in the training CLI jar)."
          });

  private final String name;

  @Spec CommandSpec spec;

  /** Everything after the command's name, options included: none of it is read. */
  @Unmatched List<String> ignored = new ArrayList<>();

  private TrainingCommandPointer(String name) {
    this.name = name;
  }

  /**
   * Adds a pointer for each training command that the command line does not have.
   *
   * @param root the root command line, with every contributed command already added
   */
  static void addMissing(CommandLine root) {
    for (String[] command : COMMANDS) {
      if (!root.getSubcommands().containsKey(command[0])) {
        CommandLine pointer = new CommandLine(new TrainingCommandPointer(command[0]));
        pointer.getCommandSpec().usageMessage().header(command[1]);
        root.addSubcommand(command[0], pointer);
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        spec.commandLine()
            .getColorScheme()
            .errorText(
                "error: `modelbudget "
                    + name
                    + "` is not in this jar: it trains with TensorFlow Java, which the slim"
                    + " command line leaves out. Run it with the training command line, artifact "
                    + ARTIFACT
                    + " (the runnable jar has classifier all; a build of this project writes it"
                    + " to "
                    + JAR
                    + "): java -jar modelbudget-cli-training.jar "
                    + name
                    + " …"));
    err.flush();
    return ExitCode.USAGE;
  }
}
