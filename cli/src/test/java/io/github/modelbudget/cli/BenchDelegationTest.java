package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.GatherOptionsT;

/** {@code bench} says how many of a model's operators XNNPACK took. */
class BenchDelegationTest {

  @TempDir Path dir;

  private StringWriter out;
  private StringWriter err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  /** FULLY_CONNECTED → LOGISTIC (XNNPACK's) → GATHER (not XNNPACK's), saved as a file. */
  private Path denseThenGather() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef w = b.constant("dense/kernel", new float[] {1, 0, 0, 0, 0, 1, 0, 0}, 2, 4);
    TensorRef bias = b.constant("dense/bias", new float[2], 2);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, 2);
    TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 2);
    TensorRef index = b.constantInt32("index", new int[] {1}, 1);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 1);
    GatherOptionsT options = new GatherOptionsT();
    options.setAxis(1);
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(BuiltinOptions.GatherOptions);
    union.setValue(options);
    b.fullyConnected(x, w, bias, logits, Activation.NONE)
        .logistic(logits, p)
        .operator(BuiltinOperator.GATHER, 1, union, List.of(p, index), List.of(y))
        .output(y);
    Path file = dir.resolve("dense_gather.tflite");
    b.build("dense_gather").save(file);
    return file;
  }

  @Test
  void bench_modelWithAnUnsupportedOperator_reportsTwoOfThreeDelegated() throws IOException {
    Path model = denseThenGather();

    int code = run("bench", "--runs", "3", "--warmup", "0", model.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("XNNPACK nodes     2 of 3 operators (1 partition)"));

    code = run("bench", "--json", "--runs", "3", "--warmup", "0", model.toString());
    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode plan = new ObjectMapper().readTree(out.toString()).get("plan");
    assertThat(plan.get("operators").asInt(), is(3));
    assertThat(plan.get("delegatedOperators").asInt(), is(2));
    assertThat(plan.get("delegatePartitions").asInt(), is(1));
  }

  @Test
  void bench_xnnpackOff_reportsNoneDelegated() {
    int code =
        run(
            "bench",
            "--xnnpack=false",
            "--runs",
            "3",
            "--warmup",
            "0",
            denseThenGather().toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("XNNPACK nodes     0 of 3 operators (0 partitions)"));
  }
}
