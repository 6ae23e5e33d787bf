package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void demo_runsTheExperimentEndToEndAndWritesEverything() throws IOException {
    Path outDir = dir.resolve("demo");

    int code = run("demo", "--out", outDir.toString(), "--samples", "240", "--seed", "3");

    assertThat(err.toString(), code, is(ExitCode.OK));
    for (String variant : List.of("baseline", "quantized", "pruned", "pruned_quantized")) {
      assertThat(TfliteModel.read(outDir.resolve(variant + ".tflite")).name(), is(variant));
    }
    RunRecord record = RunRecords.read(outDir.resolve("run.json"));
    assertThat(record.variants().size(), is(4));
    assertThat(record.dataset().size(), is(60));
    assertThat(
        record.variants().stream().allMatch(v -> v.latency().orElseThrow().count() == 200),
        is(true));
    assertThat(
        record.variant("pruned_quantized").orElseThrow().sizes().zip(),
        lessThan(record.variant("baseline").orElseThrow().sizes().zip()));
    assertThat(Files.readString(outDir.resolve("report.html")), containsString("pruned_quantized"));
    assertThat(Files.exists(outDir.resolve("summary.md")), is(true));
    assertThat(
        out.toString(),
        allOf(
            containsString("Generated 240 drawings"),
            containsString("180 to train, 60 to test"),
            containsString("epoch 2"),
            containsString("McNemar p"),
            containsString("latency median")));
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

    @Test
    void demo_zeroSamples_exits2() {
      int code = run("demo", "--out", dir.toString(), "--samples", "0");

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--samples must be at least 40"));
    }
  }
}
