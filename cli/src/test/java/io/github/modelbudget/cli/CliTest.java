package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command run in-process, asserting on its output and exit code. */
class CliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private Path seedModel() {
    Path file = dir.resolve("baseline.tflite");
    SeedArchitecture.untrained(7L).save(file);
    return file;
  }

  @Test
  void noSubcommand_printsUsageWithTheCommands() {
    int code = run();

    assertThat(code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("Usage: modelbudget"),
            containsString("inspect"),
            containsString("demo"),
            containsString("3    unreadable or invalid input")));
  }

  @Test
  void inspect_seedModel_printsOperatorsParametersAndSizes() {
    Path model = seedModel();

    int code = run("inspect", "--tensors", model.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString(model.toString()),
            containsString("CONV_2D v1 ×2"),
            containsString("parameters  3,337"),
            containsString("input       input FLOAT32 [-1, 28, 28]"),
            containsString("conv2d_1/kernel"),
            containsString("zip (entry 'baseline.tflite')")));
  }

  @Test
  void inspect_json_isParsableAndHasTheTotals() throws IOException {
    Path model = seedModel();

    int code = run("inspect", "--json", model.toString());

    assertThat(code, is(ExitCode.OK));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("parameters").asLong(), is(3337L));
    assertThat(json.get("model").get("operators").size(), is(8));
    assertThat(json.get("sizes").get("raw").asLong(), is(Files.size(model)));
    assertThat(
        json.get("model").get("inputs").get(0).get("shapeSignature").toString(), is("[-1,28,28]"));
  }

  @Nested
  @DisplayName("errors and exit codes")
  class Errors {

    @Test
    void inspect_missingFile_exits3WithTheFileName() {
      Path missing = dir.resolve("missing.tflite");

      int code = run("inspect", missing.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString("error: " + missing), containsString("no such file")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect", "evaluate", "check", "report", "bench"})
    void verbose_addsTheStackTraceToTheOneLineError(String command) {
      Path missing = dir.resolve("missing.tflite");
      List<String> args =
          switch (command) {
            case "inspect", "bench" -> List.of(command, missing.toString());
            case "evaluate" ->
                List.of(command, "--data", dir.resolve("none.npz").toString(), missing.toString());
            case "check" ->
                List.of(
                    command,
                    "--budget",
                    dir.resolve("none.yaml").toString(),
                    "--record",
                    missing.toString());
            default ->
                List.of(command, missing.toString(), "--html", dir.resolve("r.html").toString());
          };

      int terse = run(args.toArray(String[]::new));
      String terseErr = err.toString();
      err.getBuffer().setLength(0);
      List<String> verboseArgs = new ArrayList<>(args);
      verboseArgs.add("--verbose");
      int verbose = run(verboseArgs.toArray(String[]::new));

      assertThat(terse, is(ExitCode.INVALID_INPUT));
      assertThat(verbose, is(ExitCode.INVALID_INPUT));
      assertThat(terseErr, not(containsString("\tat io.github.modelbudget")));
      assertThat(err.toString(), containsString("\tat io.github.modelbudget"));
    }

    @Test
    void inspect_notAModel_exits3() throws IOException {
      Path text = Files.writeString(dir.resolve("notes.tflite"), "not a model at all");

      int code = run("inspect", text.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString("expected the TFLite file identifier 'TFL3'"));
    }

    @Test
    void unknownOption_exits2WithUsage() {
      int code = run("inspect", "--bogus", "x.tflite");

      assertThat(code, is(ExitCode.USAGE));
      assertThat(
          err.toString(),
          allOf(containsString("Unknown option: '--bogus'"), containsString("Usage:")));
    }

    @Test
    void inspect_withoutModels_exits2() {
      int code = run("inspect");

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("Missing required parameter: 'MODEL'"));
    }
  }
}
