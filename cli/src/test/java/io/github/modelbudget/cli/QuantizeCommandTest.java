package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.format.ConversionMetadata;
import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code modelbudget quantize} on the seed CNN as the optimizer exports it (untrained weights). */
class QuantizeCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path baseline;

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @BeforeEach
  void writeTheBaseline() {
    baseline = dir.resolve("baseline.tflite");
    SeedArchitecture.untrained(7L).save(baseline);
  }

  @Test
  void dynamicMode_defaultScheme_writesTheModelAndPrintsQuantizedAndSkipped() {
    Path target = dir.resolve("out/quantized.tflite");

    int code =
        run("quantize", baseline.toString(), "--mode", "dynamic", "--out", target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    TfliteModel quantized = TfliteModel.read(target);
    assertThat(quantized.size(), lessThan((int) sizeOf(baseline)));
    assertThat(
        ConversionMetadata.of(quantized).orElseThrow().options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_DYNAMIC_RANGE));
    String text = out.toString();
    assertThat(
        text,
        allOf(
            containsString("scheme TF_2_21 (TF 2.21 converter), threshold 1,024 elements"),
            containsString("Quantized 1:"),
            containsString("CONV_2D"),
            containsString("per channel (dim 0), 24 scales"),
            containsString("dense/kernel"),
            containsString("fewer elements than the quantization threshold (600 elements)"),
            containsString("not the weights of an operator with a hybrid kernel"),
            containsString("Metadata min_runtime_version: (absent) → 2.4.0"),
            containsString("Metadata CONVERSION_METADATA: (absent) → PTQ_DYNAMIC_RANGE"),
            containsString("Wrote " + target)));
    assertRuns(quantized);
    try (Stream<Path> files = Files.list(target.getParent())) {
      // Written atomically: no temporary file is left beside the result.
      assertThat(files.toList(), is(List.of(target)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tf_2_21", "tf_2_8", "TF_2_4"})
  void eachScheme_lowThreshold_quantizesTheDenseLayerWithItsConvertersVersion(String scheme) {
    Path target = dir.resolve(scheme + ".tflite");

    int code =
        run(
            "quantize",
            baseline.toString(),
            "--mode",
            "dynamic",
            "--scheme",
            scheme,
            "--min-elements",
            "100",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    TfliteModel quantized = TfliteModel.read(target);
    String expected =
        switch (scheme.toLowerCase(Locale.ROOT)) {
          case "tf_2_21" -> "FULLY_CONNECTED v12";
          case "tf_2_8" -> "FULLY_CONNECTED v9";
          default -> "FULLY_CONNECTED v3";
        };
    assertThat(
        quantized.inspect().operators().stream()
            .map(op -> op.name() + " v" + op.version())
            .toList(),
        hasItem(expected));
    assertThat(out.toString(), containsString("Quantized 3:"));
    assertRuns(quantized);
  }

  @Test
  void float16Mode_storesEveryFloatConstantAsHalfAndRunsCloseToTheBaseline() {
    Path target = dir.resolve("out/float16.tflite");

    int code =
        run("quantize", baseline.toString(), "--mode", "float16", "--out", target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    TfliteModel half = TfliteModel.read(target);
    assertThat(
        ConversionMetadata.of(half).orElseThrow().options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_FLOAT16));
    assertThat(
        half.inspect().operators().stream()
            .filter(op -> op.name().equals("DEQUANTIZE"))
            .map(op -> op.version())
            .distinct()
            .toList(),
        contains(3));
    assertThat(
        out.toString(),
        allOf(
            containsString("float16 quantization (TF 2.21 converter)"),
            containsString("Stored as FLOAT16 6:"),
            containsString("read by CONV_2D through DEQUANTIZE"),
            containsString("Metadata CONVERSION_METADATA: (absent) → PTQ_FLOAT16"),
            containsString("Wrote " + target)));
    float[] image = Fixtures.images(1, 3L);
    float expected = output(TfliteModel.read(baseline), image);
    float actual = output(half, image);
    assertThat(Math.abs(expected - actual) < 1e-3f, is(true));
  }

  @Test
  void float16Mode_withScheme_exits2() {
    int code =
        run(
            "quantize",
            baseline.toString(),
            "--mode",
            "float16",
            "--scheme",
            "tf_2_8",
            "--out",
            dir.resolve("h.tflite").toString());

    assertThat(code, is(ExitCode.USAGE));
    assertThat(err.toString(), containsString("--scheme applies to --mode dynamic only"));
    assertThat(Files.exists(dir.resolve("h.tflite")), is(false));
  }

  @Test
  void keepFloat_dynamicMode_leavesTheMatchingWeightFloat() {
    Path target = dir.resolve("kept.tflite");

    int code =
        run(
            "quantize",
            baseline.toString(),
            "--mode",
            "dynamic",
            "--min-elements",
            "100",
            "--keep-float",
            "FULLY_CONNECTED",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    TfliteModel kept = TfliteModel.read(target);
    assertThat(
        kept.inspect().operators().stream().map(op -> op.name() + " v" + op.version()).toList(),
        hasItem("FULLY_CONNECTED v1"));
    assertThat(
        out.toString(),
        allOf(
            containsString("Quantized 2:"),
            containsString("dense/kernel"),
            containsString("kept float by the keep-float pattern")));
    assertRuns(kept);
  }

  @Test
  void keepFloat_float16Mode_leavesTheMatchingConstantsFloat() {
    Path target = dir.resolve("kept16.tflite");

    int code =
        run(
            "quantize",
            baseline.toString(),
            "--mode",
            "float16",
            "--keep-float",
            "^dense/",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(containsString("Stored as FLOAT16 4:"), containsString("Skipped 4:")));
    assertRuns(TfliteModel.read(target));
  }

  @Test
  void int8Mode_calibratedOnImages_writesAFullIntegerModelThatRunsCloseToTheBaseline()
      throws IOException {
    Path calibration =
        NpzFiles.write(
            dir.resolve("calibration.npz"),
            Fixtures.images(16, 4L),
            new int[] {28, 28},
            new int[16]);
    Path target = dir.resolve("int8.tflite");

    int code =
        run(
            "quantize",
            baseline.toString(),
            "--mode",
            "int8",
            "--calibration",
            calibration.toString(),
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    TfliteModel int8 = TfliteModel.read(target);
    assertThat(
        int8.inspect().operators().stream().map(op -> op.name() + " v" + op.version()).toList(),
        allOf(hasItem("CONV_2D v3"), hasItem("QUANTIZE v2"), hasItem("LOGISTIC v2")));
    assertThat(
        ConversionMetadata.of(int8).orElseThrow().options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_FULL_INTEGER));
    assertThat(
        out.toString(),
        allOf(
            containsString(
                "full-integer int8 quantization, calibrated on 16 samples of " + calibration),
            containsString("FLOAT32 inputs and outputs"),
            containsString("fixed for LOGISTIC"),
            containsString("shared with the input of MAX_POOL_2D"),
            containsString("Left float 0:")));
    float[] image = Fixtures.images(1, 3L);
    assertThat(
        Math.abs(output(TfliteModel.read(baseline), image) - output(int8, image)) < 0.05f,
        is(true));
  }

  @Test
  void int8Mode_int8Io_inputIsInt8() throws IOException {
    Path calibration =
        NpzFiles.write(
            dir.resolve("calibration.npz"), Fixtures.images(8, 4L), new int[] {28, 28}, new int[8]);
    Path target = dir.resolve("int8io.tflite");

    int code =
        run(
            "quantize",
            baseline.toString(),
            "--mode",
            "int8",
            "--calibration",
            calibration.toString(),
            "--io",
            "int8",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(TfliteModel.read(target).inspect().inputs().get(0).type().name(), is("INT8"));
    assertRuns(TfliteModel.read(target));
  }

  @Test
  void help_describesModesSchemesAndAnExample() {
    int code = run("quantize", "--help");

    assertThat(code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("--mode"),
            containsString("DYNAMIC"),
            containsString("TF_2_21,"),
            containsString("TF_2_8, TF_2_4 (default:"),
            containsString("--keep-float=REGEX"),
            containsString("FLOAT16"),
            containsString("modelbudget quantize baseline.tflite --mode dynamic --out")));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void missingModel_exits3NamingTheFile() {
      Path missing = dir.resolve("gone.tflite");
      Path target = dir.resolve("q.tflite");

      int code =
          run("quantize", missing.toString(), "--mode", "dynamic", "--out", target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString(missing.toString()));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void corruptModel_exits3NamingTheFileAndWritesNothing() throws IOException {
      byte[] bytes = Files.readAllBytes(baseline);
      Path corrupt =
          Files.write(dir.resolve("corrupt.tflite"), Arrays.copyOf(bytes, bytes.length / 3));
      Path target = dir.resolve("q.tflite");

      int code =
          run("quantize", corrupt.toString(), "--mode", "dynamic", "--out", target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(), allOf(containsString("error: "), containsString(corrupt.toString())));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void alreadyQuantizedModel_exits3SayingSo() {
      Path once = dir.resolve("once.tflite");
      assertThat(
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "dynamic",
              "--min-elements",
              "1",
              "--out",
              once.toString()),
          is(ExitCode.OK));

      int code =
          run(
              "quantize",
              once.toString(),
              "--mode",
              "dynamic",
              "--min-elements",
              "1",
              "--out",
              dir.resolve("twice.tflite").toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(once.toString()), containsString("already quantized")));
    }

    @Test
    void float16Mode_quantizedModel_exits3NamingTheFile() {
      Path once = dir.resolve("once.tflite");
      assertThat(
          run("quantize", baseline.toString(), "--mode", "dynamic", "--out", once.toString()),
          is(ExitCode.OK));
      Path target = dir.resolve("half.tflite");

      int code = run("quantize", once.toString(), "--mode", "float16", "--out", target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString(once.toString()),
              containsString("expected a float model for float16 quantization"),
              containsString("is INT8")));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void keepFloatMatchingNothing_exits3NamingTheFileAndPattern() {
      Path target = dir.resolve("k.tflite");

      int code =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "dynamic",
              "--keep-float",
              "^dense",
              "--out",
              target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString(baseline.toString()),
              containsString(
                  "the keep-float pattern '^dense' matches no weight that dynamic-range"),
              containsString("conv2d_1/kernel")));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void keepFloatNotARegex_exits2() {
      int code =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "float16",
              "--keep-float",
              "[dense",
              "--out",
              dir.resolve("k.tflite").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(
          err.toString(), containsString("--keep-float '[dense' is not a regular expression"));
    }

    @Test
    void int8Mode_withoutCalibration_exits2_andCalibrationWithAnotherMode_exits2() {
      int without = run("quantize", baseline.toString(), "--mode", "int8", "--out", "i.tflite");
      int withDynamic =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "dynamic",
              "--calibration",
              "c.npz",
              "--out",
              "i.tflite");

      assertThat(without, is(ExitCode.USAGE));
      assertThat(withDynamic, is(ExitCode.USAGE));
      assertThat(
          err.toString(),
          allOf(
              containsString("--mode int8 needs --calibration DATA"),
              containsString("--calibration applies to --mode int8 only")));
    }

    @Test
    void int8Mode_calibrationThatDoesNotFit_exits3NamingTheFile() throws IOException {
      Path small =
          NpzFiles.write(dir.resolve("small.npz"), new float[40], new int[] {10}, new int[4]);
      Path target = dir.resolve("i.tflite");

      int code =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "int8",
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
    void int8Mode_missingCalibrationOrQuantizedModel_exits3() throws IOException {
      Path missing = dir.resolve("none.npz");
      Path calibration =
          NpzFiles.write(
              dir.resolve("c.npz"), Fixtures.images(2, 4L), new int[] {28, 28}, new int[2]);
      Path half = dir.resolve("half.tflite");
      assertThat(
          run("quantize", baseline.toString(), "--mode", "float16", "--out", half.toString()),
          is(ExitCode.OK));

      int first =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "int8",
              "--calibration",
              missing.toString(),
              "--out",
              "i.tflite");
      int second =
          run(
              "quantize",
              half.toString(),
              "--mode",
              "int8",
              "--calibration",
              calibration.toString(),
              "--out",
              "i.tflite");

      assertThat(first, is(ExitCode.INVALID_INPUT));
      assertThat(second, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString(missing.toString()),
              containsString(half.toString()),
              containsString("expected a float model for full-integer quantization")));
    }

    @Test
    void unknownScheme_exits2ListingTheSchemes() {
      int code =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "dynamic",
              "--scheme",
              "tf_1_15",
              "--out",
              dir.resolve("q.tflite").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), allOf(containsString("tf_1_15"), containsString("TF_2_8")));
      assertThat(Files.exists(dir.resolve("q.tflite")), is(false));
    }

    @Test
    void unknownModeOrMissingMode_exits2() {
      int unknown = run("quantize", baseline.toString(), "--mode", "int4", "--out", "q.tflite");
      int missing = run("quantize", baseline.toString(), "--out", "q.tflite");

      assertThat(unknown, is(ExitCode.USAGE));
      assertThat(missing, is(ExitCode.USAGE));
      assertThat(
          err.toString(),
          allOf(containsString("int4"), containsString("--mode"), containsString("FLOAT16")));
    }

    @Test
    void thresholdBelowOne_exits2() {
      int code =
          run(
              "quantize",
              baseline.toString(),
              "--mode",
              "dynamic",
              "--min-elements",
              "0",
              "--out",
              dir.resolve("q.tflite").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--min-elements must be at least 1"));
      assertThat(out.toString(), not(containsString("Wrote")));
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static float output(TfliteModel model, float[] image) {
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession()) {
      session.setInput(0, image);
      session.invoke();
      return session.output(0)[0];
    }
  }

  /** Runs one 28×28 image through the real runtime and checks a probability comes out. */
  private static void assertRuns(TfliteModel model) {
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession()) {
      session.setInput(0, Fixtures.images(1, 3L));
      session.invoke();
      float p = session.output(0)[0];
      assertThat(p >= 0f && p <= 1f, is(true));
    }
  }
}
