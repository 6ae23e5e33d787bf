package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The slim command line has no training commands: {@code optimize} and {@code demo} answer with the
 * artifact and jar that have them, with the usage exit code, whatever options follow.
 */
class TrainingCommandPointerTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @ParameterizedTest
  @CsvSource({
    "optimize, --recipe seed --data train.npz --out models",
    "optimize, --help",
    "demo, --out target/demo",
    "demo, ''"
  })
  void trainingCommand_inTheSlimJar_namesTheTrainingJarAndExits2(String command, String options) {
    String[] args = (command + " " + options).trim().split(" ");

    int code = run(args);

    assertThat(code, is(ExitCode.USAGE));
    assertThat(
        err.toString(),
        allOf(
            containsString("error: `modelbudget " + command + "` is not in this jar"),
            containsString("TensorFlow Java"),
            containsString("io.github.modelbudget:modelbudget-cli-training"),
            containsString("cli-training/target/modelbudget-cli-training.jar"),
            containsString("java -jar modelbudget-cli-training.jar " + command),
            not(containsString("Unmatched argument"))));
    assertThat(out.toString(), is(emptyString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"optimize", "demo"})
  void usage_listsTheTrainingCommandsAsInTheTrainingJar(String command) {
    int code = run("--help");

    assertThat(code, is(ExitCode.OK));
    // Unwrapped, so that the check does not depend on where picocli breaks the header.
    String usage = out.toString().replaceAll("\\s+", " ");
    assertThat(usage, containsString(" " + command + " "));
    assertThat(
        usage, matchesPattern("(?s).* " + command + " [^:]*\\(in the training CLI jar\\).*"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"optimize", "demo"})
  void helpForATrainingCommand_saysWhereItIs(String command) {
    int code = run("help", command);

    assertThat(code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("modelbudget " + command),
            containsString("modelbudget-cli-training"),
            containsString("cli-training/target/modelbudget-cli-training.jar")));
  }
}
