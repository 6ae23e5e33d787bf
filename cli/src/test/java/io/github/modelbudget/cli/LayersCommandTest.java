package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.results.LayerSummary;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayersCommandTest {

  @TempDir Path dir;

  private Fixtures fx;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void createFixtures() throws IOException {
    fx = Fixtures.create(dir, 40);
  }

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private int layers(String... extra) {
    String[] args = new String[5 + extra.length];
    args[0] = "layers";
    args[1] = "--baseline";
    args[2] = fx.baseline.toString();
    args[3] = "--data";
    args[4] = fx.data.toString();
    System.arraycopy(extra, 0, args, 5, extra.length);
    return run(args);
  }

  @Test
  void dynamicRangeVariant_printsEveryLayerWorstFirst() {
    int code = layers(fx.quantized.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("40 samples; worst (lowest SNR) first"),
            containsString("CONV_2D #"),
            containsString("MAX_POOL_2D #"),
            containsString("FULLY_CONNECTED #")));
  }

  @Test
  void json_isParsableAndRankedBySnr() throws IOException {
    int code = layers("--json", fx.quantized.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode layers = new ObjectMapper().readTree(out.toString()).get("layers");
    assertThat(layers.size(), greaterThan(2));
    for (int i = 1; i < layers.size(); i++) {
      assertThat(
          layers.get(i - 1).get("snrDb").asDouble() <= layers.get(i).get("snrDb").asDouble(),
          is(true));
    }
    assertThat(layers.get(0).get("match").asText(), is("NAME"));
  }

  @Test
  void csv_hasAHeaderAndOneRowPerLayer() throws IOException {
    layers("--json", fx.quantized.toString());
    int count = new ObjectMapper().readTree(out.toString()).get("layers").size();
    out.getBuffer().setLength(0);

    int code = layers("--csv", fx.quantized.toString());

    assertThat(code, is(ExitCode.OK));
    String[] lines = out.toString().split("\\R");
    assertThat(lines[0], startsWith("rank,tensor,baseline_tensor,operator,"));
    assertThat(lines.length, is(count + 1));
    assertThat(lines[1], startsWith("1,"));
  }

  @Test
  void record_storesTheLayersUnderTheVariant() throws IOException {
    Path record = dir.resolve("run.json");
    Path budget = Files.writeString(dir.resolve("budget.json"), "{\"default\": {}}");
    run(
        "check",
        "--budget",
        budget.toString(),
        "--data",
        fx.data.toString(),
        "--models",
        fx.models.toString(),
        "--out",
        record.toString());

    int code = layers("--record", record.toString(), fx.quantized.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    LayerSummary stored =
        RunRecords.read(record).variant("quantized").orElseThrow().layers().orElseThrow();
    assertThat(stored.baseline(), is("baseline"));
    assertThat(stored.samples(), is(40));
    assertThat(
        RunRecords.read(record).variant("baseline").orElseThrow().layers().isEmpty(), is(true));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void unmatchableGraphs_exit3SayingWhy() throws IOException {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, -1, 784);
      TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 1);
      b.fullyConnected(
          x,
          b.constant("w", new float[784], 1, 784),
          b.constant("b", new float[1], 1),
          p,
          Activation.NONE);
      Path other = dir.resolve("dense.tflite");
      b.output(p).build("dense").save(other);

      int code = layers(other.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString("dense.tflite"),
              containsString("cannot be compared layer by layer"),
              containsString("FULLY_CONNECTED in the variant but")));
    }

    @Test
    void missingVariant_exit3NamingTheFile() {
      int code = layers(dir.resolve("nope.tflite").toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString("nope.tflite"));
    }

    @Test
    void jsonAndCsvTogether_areAUsageError() {
      int code = layers("--json", "--csv", fx.quantized.toString());

      assertThat(code, is(ExitCode.USAGE));
    }

    @Test
    void recordWithoutTheVariant_exit3NamingTheRecord() throws IOException {
      Path record = dir.resolve("run.json");
      Path budget = Files.writeString(dir.resolve("budget.json"), "{\"default\": {}}");
      Path onlyBaseline = Files.createDirectories(dir.resolve("only-baseline"));
      Files.copy(fx.baseline, onlyBaseline.resolve("baseline.tflite"));
      run(
          "check",
          "--budget",
          budget.toString(),
          "--data",
          fx.data.toString(),
          "--models",
          onlyBaseline.toString(),
          "--out",
          record.toString());
      err.getBuffer().setLength(0);

      int code = layers("--record", record.toString(), fx.quantized.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), allOf(containsString("run.json"), containsString("digest")));
    }
  }
}
