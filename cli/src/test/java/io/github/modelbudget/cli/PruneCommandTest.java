package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.format.OperatorCode;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.TensorT;

/** {@code modelbudget prune} on the seed CNN as the optimizer exports it (untrained weights). */
class PruneCommandTest {

  private static final Set<String> PRUNABLE =
      Set.of("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED");

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
    SeedArchitecture.untrained(9L).save(baseline);
  }

  @Test
  void perTensor_prunesEachWeightByTheMagnitudeRuleAndPrintsIt() {
    Path target = dir.resolve("out/pruned.tflite");

    int code = run("prune", baseline.toString(), "--sparsity", "0.5", "--out", target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    Map<String, float[]> before = weights(TfliteModel.read(baseline));
    Map<String, float[]> after = weights(TfliteModel.read(target));
    assertThat(after.keySet(), is(before.keySet()));
    for (Map.Entry<String, float[]> weight : before.entrySet()) {
      float[] original = weight.getValue();
      assertThat(weight.getKey(), after.get(weight.getKey()), is(keepLargest(original, 0.5)));
      assertThat(out.toString(), containsString(weight.getKey()));
    }
    assertThat(
        out.toString(),
        allOf(
            containsString("one-shot magnitude pruning to 0.5000, per tensor"),
            containsString("Pruned 3:"),
            containsString("CONV_2D"),
            containsString("FULLY_CONNECTED"),
            containsString("Overall sparsity of the pruned weights: 0.5"),
            containsString("Wrote " + target)));
    assertRuns(TfliteModel.read(target));
  }

  @Test
  void global_drawsOneThresholdOverAllWeights() {
    Path target = dir.resolve("global.tflite");

    int code =
        run(
            "prune",
            baseline.toString(),
            "--sparsity",
            "0.7",
            "--global",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    Map<String, float[]> before = weights(TfliteModel.read(baseline));
    float[] all = new float[0];
    for (float[] w : before.values()) {
      float[] joined = Arrays.copyOf(all, all.length + w.length);
      System.arraycopy(w, 0, joined, all.length, w.length);
      all = joined;
    }
    float threshold = kthLargestMagnitude(all, Math.max(Math.round(all.length * 0.3), 1));
    Map<String, float[]> after = weights(TfliteModel.read(target));
    for (Map.Entry<String, float[]> weight : before.entrySet()) {
      assertThat(
          weight.getKey(), after.get(weight.getKey()), is(keep(weight.getValue(), threshold)));
    }
    assertThat(out.toString(), containsString("one threshold over all weights"));
  }

  @Test
  void keepDense_byOperatorName_leavesTheDenseLayerAlone() {
    Path target = dir.resolve("kept.tflite");

    int code =
        run(
            "prune",
            baseline.toString(),
            "--sparsity",
            "0.5",
            "--keep-dense",
            "FULLY_CONNECTED",
            "--out",
            target.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    Map<String, float[]> before = weights(TfliteModel.read(baseline));
    Map<String, float[]> after = weights(TfliteModel.read(target));
    String dense = denseWeight(TfliteModel.read(baseline));
    assertThat(after.get(dense), is(before.get(dense)));
    assertThat(
        out.toString(),
        allOf(
            containsString("Pruned 2:"),
            containsString("'" + dense + "' of FULLY_CONNECTED kept dense")));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @ParameterizedTest
    @ValueSource(strings = {"1", "-0.1", "1.5", "NaN"})
    void sparsityOutOfRange_exits2(String sparsity) {
      Path target = dir.resolve("p.tflite");

      int code =
          run("prune", baseline.toString(), "--sparsity", sparsity, "--out", target.toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--sparsity must be in [0, 1)"));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void invalidRegex_exits2() {
      int code =
          run(
              "prune",
              baseline.toString(),
              "--sparsity",
              "0.5",
              "--keep-dense",
              "dense(",
              "--out",
              dir.resolve("p.tflite").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(
          err.toString(), containsString("--keep-dense 'dense(' is not a regular expression"));
    }

    @Test
    void regexMatchingNothing_exits3NamingTheFileAndWeights() {
      Path target = dir.resolve("p.tflite");

      int code =
          run(
              "prune",
              baseline.toString(),
              "--sparsity",
              "0.5",
              "--keep-dense",
              "^lstm",
              "--out",
              target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString(baseline.toString()),
              containsString("the keep-dense pattern '^lstm' matches no weight"),
              containsString(denseWeight(TfliteModel.read(baseline)))));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void quantizedModel_exits3() {
      Path quantized = dir.resolve("quantized.tflite");
      assertThat(
          run("quantize", baseline.toString(), "--mode", "float16", "--out", quantized.toString()),
          is(ExitCode.OK));
      Path target = dir.resolve("p.tflite");

      int code =
          run("prune", quantized.toString(), "--sparsity", "0.5", "--out", target.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(), allOf(containsString(quantized.toString()), containsString("FLOAT16")));
      assertThat(Files.exists(target), is(false));
    }

    @Test
    void missingOrCorruptModel_exits3NamingTheFile() throws IOException {
      Path missing = dir.resolve("gone.tflite");
      Path corrupt =
          Files.write(dir.resolve("corrupt.tflite"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

      int first = run("prune", missing.toString(), "--sparsity", "0.5", "--out", "p.tflite");
      int second = run("prune", corrupt.toString(), "--sparsity", "0.5", "--out", "p.tflite");

      assertThat(first, is(ExitCode.INVALID_INPUT));
      assertThat(second, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(missing.toString()), containsString(corrupt.toString())));
      assertThat(out.toString(), not(containsString("Wrote")));
    }
  }

  /** The float weights (input 1) of each prunable operator, by tensor name, in graph order. */
  static Map<String, float[]> weights(TfliteModel model) {
    ModelT schema = model.schema();
    Map<String, float[]> weights = new LinkedHashMap<>();
    TensorT[] tensors = schema.getSubgraphs()[0].getTensors();
    for (OperatorT op : schema.getSubgraphs()[0].getOperators()) {
      OperatorCodeT code = schema.getOperatorCodes()[(int) op.getOpcodeIndex()];
      String name =
          OperatorCode.builtinName(
              Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode()));
      if (PRUNABLE.contains(name)) {
        TensorT w = tensors[op.getInputs()[1]];
        int[] data = schema.getBuffers()[(int) w.getBuffer()].getData();
        byte[] bytes = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
          bytes[i] = (byte) data[i];
        }
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        weights.put(w.getName(), values);
      }
    }
    return weights;
  }

  private static String denseWeight(TfliteModel model) {
    ModelT schema = model.schema();
    for (OperatorT op : schema.getSubgraphs()[0].getOperators()) {
      OperatorCodeT code = schema.getOperatorCodes()[(int) op.getOpcodeIndex()];
      if (Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode())
          == org.tensorflow.lite.schema.BuiltinOperator.FULLY_CONNECTED) {
        return schema.getSubgraphs()[0].getTensors()[op.getInputs()[1]].getName();
      }
    }
    throw new AssertionError("no FULLY_CONNECTED");
  }

  /** tfmot's rule, written out: keep the k = max(round(n(1 − s)), 1) largest magnitudes. */
  static float[] keepLargest(float[] weights, double sparsity) {
    int k = (int) Math.max(Math.round(weights.length * (1 - sparsity)), 1);
    return keep(weights, kthLargestMagnitude(weights, k));
  }

  private static float kthLargestMagnitude(float[] weights, long k) {
    float[] magnitudes = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      magnitudes[i] = Math.abs(weights[i]);
    }
    Arrays.sort(magnitudes);
    return magnitudes[(int) (weights.length - k)];
  }

  private static float[] keep(float[] weights, float threshold) {
    float[] kept = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      kept[i] = Math.abs(weights[i]) >= threshold ? weights[i] : 0f;
    }
    return kept;
  }

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
