package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs on the command line end in exit 3 and a message in plain words: no Java class name, no
 * hang on a named pipe (issue: 41 messages carried exception class names, mostly for invalid UTF-8;
 * a FIFO model, budget or class file hung forever).
 */
class BadInputMessagesTest {

  private static final byte[] NOT_UTF8 = {'{', (byte) 0xff, (byte) 0xfe, '}'};

  @TempDir Path dir;

  private Fixtures fx;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void makeModelsAndData() throws IOException {
    fx = Fixtures.create(dir, 8);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private void assertPlainError(int code, String... mentions) {
    assertThat(err.toString(), code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(), allOf(not(containsString("Exception")), not(containsString("java."))));
    for (String mention : mentions) {
      assertThat(err.toString(), containsString(mention));
    }
  }

  private Path fifo(String name) throws IOException, InterruptedException {
    Path fifo = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
    return fifo;
  }

  @Test
  void report_ofARunRecordThatIsNotUtf8() throws IOException {
    Path record = Files.write(dir.resolve("run.json"), NOT_UTF8);

    int code = run("report", record.toString(), "--html", dir.resolve("r.html").toString());

    assertPlainError(code, "run.json", "not valid UTF-8 text");
  }

  @Test
  void check_withABudgetThatIsNotUtf8() throws IOException {
    Path budget = Files.write(dir.resolve("budget.yaml"), NOT_UTF8);

    int code =
        run(
            "check",
            "--quiet",
            "--budget",
            budget.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString(),
            "--out",
            dir.resolve("run.json").toString());

    assertPlainError(code, "budget.yaml", "not valid UTF-8 text");
  }

  @Test
  void inspect_ofANamedPipe_isRefusedAtOnce() throws Exception {
    Path model = fifo("model.tflite");

    int code = run("inspect", model.toString());

    assertPlainError(code, "model.tflite", "named pipe (FIFO)");
  }

  @Test
  void check_withANamedPipeAsBudget_isRefusedAtOnce() throws Exception {
    Path budget = fifo("budget.json");

    int code =
        run(
            "check",
            "--quiet",
            "--budget",
            budget.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString(),
            "--out",
            dir.resolve("run.json").toString());

    assertPlainError(code, "budget.json", "named pipe (FIFO)");
  }

  @Test
  void evaluate_withANamedPipeAsData_isNotNoSuchFile() throws Exception {
    Path data = fifo("pipe.npz");

    int code = run("evaluate", "--quiet", "--data", data.toString(), fx.baseline.toString());

    assertPlainError(code, "pipe.npz", "named pipe (FIFO)");
    assertThat(err.toString(), not(containsString("no such file")));
  }
}
