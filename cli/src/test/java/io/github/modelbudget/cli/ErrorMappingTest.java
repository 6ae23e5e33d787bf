package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.ModelBudgetException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How the command line reports what goes wrong outside the commands' own checks: running out of
 * memory (issue: a stack trace and exit 1, the code for "budget violated") and messages of
 * unbounded length.
 */
class ErrorMappingTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Asks for an array no JVM can allocate: a real OutOfMemoryError, without using the memory. */
  @Command(name = "allocate")
  static final class AllocateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      long[] huge = new long[Integer.MAX_VALUE];
      return huge.length;
    }
  }

  /** Fails as a worker thread's OutOfMemoryError reaches a command: wrapped in a cause. */
  @Command(name = "workeroom")
  static final class WorkerOutOfMemoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new ModelBudgetException(
          "model.tflite: evaluation failed", new OutOfMemoryError("Java heap space"));
    }
  }

  /** Fails with a message as long as a list of a million class names. */
  @Command(name = "longmessage")
  static final class LongMessageCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new ModelBudgetException("data.npz: classes " + "1234567, ".repeat(100_000));
    }
  }

  private int run(String... args) {
    CommandLine commandLine =
        ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    commandLine.addSubcommand(new AllocateCommand());
    commandLine.addSubcommand(new LongMessageCommand());
    commandLine.addSubcommand(new WorkerOutOfMemoryCommand());
    // Subcommands added later keep System.err until the writers are set again.
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void outOfMemory_isExit3_withWhatToDo_andNoStackTrace() {
    int code = run("allocate");

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(),
        allOf(
            containsString("error: out of memory"),
            containsString("maximum heap of"),
            containsString("-Xmx"),
            not(containsString("\tat "))));
  }

  @Test
  void outOfMemoryAsACause_isExit3_withWhatToRaise_andNoStackTrace() {
    int code = run("workeroom");

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(),
        allOf(
            containsString(
                "error: model.tflite: evaluation failed: out of memory (Java heap space)"),
            containsString("-Xmx"),
            containsString("smaller dataset"),
            not(containsString("\tat "))));
  }

  @Test
  void veryLongMessage_isCut_sayingHowMuchIsLeftOut() {
    int code = run("longmessage");

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(err.toString().length(), lessThan(ExecutionErrorHandler.MAX_MESSAGE + 200));
    assertThat(err.toString(), containsString("more characters)"));
  }
}
