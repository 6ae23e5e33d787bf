package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code modelbudget variants} on the seed CNN (untrained) and data labelled by it. */
class VariantsCommandTest {

  private static final List<String> MODEL_FILES =
      List.of(
          "baseline.tflite",
          "float16.tflite",
          "pruned.tflite",
          "pruned_quantized.tflite",
          "quantized.tflite");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Fixtures fx;

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @BeforeEach
  void fixtures() throws IOException {
    fx = Fixtures.create(dir, 40);
  }

  @Test
  void withoutData_writesTheFiveModelsAndPrintsTheirSizes() throws IOException {
    Path target = dir.resolve("variants");

    int code = run("variants", fx.baseline.toString(), "--out", target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(files(target), is(MODEL_FILES));
    assertThat(
        Files.readAllBytes(target.resolve("baseline.tflite")), is(Files.readAllBytes(fx.baseline)));
    for (String file : MODEL_FILES) {
      TfliteModel.read(target.resolve(file));
    }
    assertThat(
        out.toString(),
        allOf(
            containsString("float16"),
            containsString("pruned_quantized"),
            containsString("stored 6 constants as float16"),
            containsString("pruned 3 weight tensors to 0.5"),
            containsString("Wrote 5 models to " + target)));
    assertThat(out.toString(), not(containsString("run.json")));
  }

  @Test
  void keepFloat_leavesTheMatchingWeightsFloatInTheQuantizedMembers() {
    Path target = dir.resolve("variants");

    int code =
        run(
            "variants",
            fx.baseline.toString(),
            "--keep-float",
            "FULLY_CONNECTED",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("stored 4 constants as float16"));
  }

  @Test
  void withData_evaluatesTheFamilyAndWritesTheRecordAndReports() throws IOException {
    Path target = dir.resolve("variants");

    int code =
        run(
            "variants",
            fx.baseline.toString(),
            "--data",
            fx.data.toString(),
            "--sparsity",
            "0.3",
            "--quiet",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    List<String> expected =
        Stream.concat(MODEL_FILES.stream(), Stream.of("report.html", "run.json", "summary.md"))
            .sorted()
            .toList();
    assertThat(files(target), is(expected));
    RunRecord record = RunRecords.read(target.resolve("run.json"));
    assertThat(
        record.variants().stream().map(VariantRecord::name).toList(),
        is(List.of("baseline", "quantized", "float16", "pruned", "pruned_quantized")));
    assertThat(record.baseline().orElseThrow(), is("baseline"));
    assertThat(record.failures().isEmpty(), is(true));
    assertThat(
        out.toString(),
        allOf(
            containsString("Baseline baseline: accuracy 1.00000 on 40 samples"),
            containsString("float16"),
            containsString("Wrote run.json, report.html and summary.md")));
    assertThat(Files.readString(target.resolve("summary.md")), containsString("float16"));
    assertThat(Files.readString(target.resolve("report.html")), containsString("pruned_quantized"));
  }

  @Test
  void calibration_addsTheInt8MemberAndEvaluatesIt() throws IOException {
    Path calibration =
        NpzFiles.write(
            dir.resolve("calibration.npz"),
            Fixtures.images(16, 8L),
            new int[] {28, 28},
            new int[16]);
    Path target = dir.resolve("variants");

    int code =
        run(
            "variants",
            fx.baseline.toString(),
            "--calibration",
            calibration.toString(),
            "--data",
            fx.data.toString(),
            "--quiet",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(files(target).contains("int8.tflite"), is(true));
    RunRecord record = RunRecords.read(target.resolve("run.json"));
    assertThat(
        record.variants().stream().map(VariantRecord::name).toList(),
        is(List.of("baseline", "quantized", "float16", "pruned", "pruned_quantized", "int8")));
    assertThat(out.toString(), containsString("full-integer int8 quantization calibrated on 16"));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void quantizedModel_exits3AndWritesNothing() {
      Path target = dir.resolve("variants");

      int code = run("variants", fx.quantized.toString(), "--out", target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(fx.quantized.toString()), containsString("is INT8")));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void missingOrCorruptModel_exits3NamingTheFile() throws IOException {
      Path missing = dir.resolve("gone.tflite");
      Path corrupt = Files.write(dir.resolve("corrupt.tflite"), new byte[64]);
      Path target = dir.resolve("variants");

      int first = run("variants", missing.toString(), "--out", target.toString());
      int second = run("variants", corrupt.toString(), "--out", target.toString());

      assertThat(first, is(ExitCode.INVALID_INPUT));
      assertThat(second, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(missing.toString()), containsString(corrupt.toString())));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void missingData_exits3AndWritesNothing() {
      Path target = dir.resolve("variants");
      Path missing = dir.resolve("nowhere.npz");

      int code =
          run(
              "variants",
              fx.baseline.toString(),
              "--data",
              missing.toString(),
              "--out",
              target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString(missing.toString()));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void dataThatDoesNotFitTheModel_exits3AndWritesNothing() throws IOException {
      Path target = dir.resolve("variants");
      Path small =
          NpzFiles.write(
              dir.resolve("small.npz"), new float[4 * 10], new int[] {10}, new int[] {0, 1, 0, 1});

      int code =
          run(
              "variants",
              fx.baseline.toString(),
              "--data",
              small.toString(),
              "--quiet",
              "--out",
              target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString("error: baseline"));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void keepFloatMatchingNothing_exits3AndWritesNothing() {
      Path target = dir.resolve("variants");

      int code =
          run(
              "variants",
              fx.baseline.toString(),
              "--keep-float",
              "^lstm",
              "--out",
              target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString(fx.baseline.toString()),
              containsString("the keep-float pattern '^lstm' matches no weight")));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void calibrationThatDoesNotFit_exits3AndWritesNothing() throws IOException {
      Path small =
          NpzFiles.write(dir.resolve("small.npz"), new float[40], new int[] {10}, new int[4]);
      Path target = dir.resolve("variants");

      int code =
          run(
              "variants",
              fx.baseline.toString(),
              "--calibration",
              small.toString(),
              "--out",
              target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(small.toString()), containsString("does not fit the input")));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void sparsityOutOfRange_exits2() {
      int code =
          run(
              "variants",
              fx.baseline.toString(),
              "--sparsity",
              "1",
              "--out",
              dir.resolve("v").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--sparsity must be in [0, 1)"));
    }
  }

  private static List<String> files(Path directory) throws IOException {
    try (Stream<Path> listed = Files.list(directory)) {
      return listed.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
