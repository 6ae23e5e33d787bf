package io.github.modelbudget.cli.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.cli.ExitCode;
import io.github.modelbudget.cli.ModelBudgetCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * With this module on the class path, {@link ModelBudgetCli#commandLine} finds {@link
 * TrainingCommands} through {@code ServiceLoader}: the same command line has the real {@code
 * optimize} and {@code demo} beside the slim jar's commands, configured like them.
 */
class TrainingCommandLineTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine commandLine() {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void commandLine_hasTheTrainingCommandsInsteadOfThePointers() {
    CommandLine commandLine = commandLine();

    assertThat(
        commandLine.getSubcommands().get("optimize").getCommand(),
        instanceOf(OptimizeCommand.class));
    assertThat(
        commandLine.getSubcommands().get("demo").getCommand(), instanceOf(DemoCommand.class));
    assertThat(commandLine.getSubcommands().keySet(), hasItems("inspect", "check", "quantize"));
  }

  @Test
  void help_listsTheTrainingCommandsWithTheirOwnHeaders() {
    int code = commandLine().execute("--help");

    assertThat(code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("Train a network, prune and quantize it"),
            containsString("Run the Quick, Draw! experiment end to end"),
            not(containsString("in the training CLI jar"))));
  }

  @Test
  void demo_missingData_exits3_andVerboseAddsTheStackTrace() {
    List<String> args =
        List.of(
            "demo", "--data", dir.resolve("none").toString(), "--out", dir.resolve("o").toString());

    int terse = commandLine().execute(args.toArray(String[]::new));
    String terseErr = err.toString();
    err.getBuffer().setLength(0);
    int verbose = commandLine().execute(concat(args, "--verbose"));

    assertThat(terseErr, terse, is(ExitCode.INVALID_INPUT));
    assertThat(verbose, is(ExitCode.INVALID_INPUT));
    assertThat(terseErr, not(containsString("\tat io.github.modelbudget")));
    assertThat(err.toString(), containsString("\tat io.github.modelbudget"));
  }

  @Test
  void optimize_badEpochs_exits2WithTheUsageHandler() {
    int code =
        commandLine()
            .execute(
                "optimize",
                "--data",
                dir.resolve("train.npz").toString(),
                "--out",
                dir.resolve("m").toString(),
                "--epochs",
                "0");

    assertThat(code, is(ExitCode.USAGE));
    assertThat(err.toString(), containsString("--epochs must be at least 1"));
  }

  private static String[] concat(List<String> args, String last) {
    String[] all = args.toArray(new String[args.size() + 1]);
    all[args.size()] = last;
    return all;
  }
}
