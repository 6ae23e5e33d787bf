package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate}, {@code compare} and {@code check} on a regression {@code .npz} (float targets)
 * and a family of regression models made here: a float baseline {@code y = W₂·relu(W₁·x + b₁) +
 * b₂}, its dynamic-range quantized variant (the optimizer's quantizer), and a variant whose output
 * bias is off by 0.25.
 */
class RegressionCommandsTest {

  private static final int N = 400;
  private static final int HIDDEN = 64;

  @TempDir Path dir;

  private Path data;
  private Path models;
  private Path baseline;
  private double baselineMae;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void makeModelsAndData() throws IOException {
    SplittableRandom random = new SplittableRandom(11L);
    float[] w1 = new float[HIDDEN];
    float[] b1 = new float[HIDDEN];
    float[] w2 = new float[HIDDEN];
    for (int i = 0; i < HIDDEN; i++) {
      w1[i] = (float) (random.nextDouble() * 2 - 1);
      b1[i] = (float) (random.nextDouble() - 0.5);
      w2[i] = (float) ((random.nextDouble() * 2 - 1) / 8);
    }
    models = Files.createDirectories(dir.resolve("models"));
    TfliteModel base = mlp("baseline", w1, b1, w2, 0f);
    baseline = models.resolve("baseline.tflite");
    Files.write(baseline, base.bytes());
    Files.write(models.resolve("shifted.tflite"), mlp("shifted", w1, b1, w2, 0.25f).bytes());
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(HIDDEN));
    Files.write(models.resolve("dynamic.tflite"), quantizer.quantize(base).model().bytes());

    // Targets: the baseline's own function plus known offsets of ±0.05, so its MAE is 0.05.
    float[] x = new float[N];
    float[] t = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) (random.nextDouble() * 4 - 2);
      double y = 0;
      for (int h = 0; h < HIDDEN; h++) {
        y += w2[h] * Math.max(0, w1[h] * x[i] + b1[h]);
      }
      t[i] = (float) (y + (i % 2 == 0 ? -0.05 : 0.05));
    }
    data = dir.resolve("sine.npz");
    Datasets.writeNpz(Dataset.ofTargets("sine", new int[] {1}, x, t, 1), data);
    baselineMae = 0.05;
  }

  /** FULLY_CONNECTED(relu) to {@code HIDDEN} units, then FULLY_CONNECTED to one value. */
  private static TfliteModel mlp(String name, float[] w1, float[] b1, float[] w2, float b2) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef k1 = b.constant("dense/kernel", w1, HIDDEN, 1);
    TensorRef c1 = b.constant("dense/bias", b1, HIDDEN);
    TensorRef h = b.tensor("dense/relu", TensorType.FLOAT32, -1, HIDDEN);
    TensorRef k2 = b.constant("out/kernel", w2, 1, HIDDEN);
    TensorRef c2 = b.constant("out/bias", new float[] {b2}, 1);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, k1, c1, h, Activation.RELU).fullyConnected(h, k2, c2, y, Activation.NONE);
    return b.output(y).build(name);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void evaluate_regressionData_printsTheKnownMae() {
    int code = run("evaluate", "--quiet", "--data", data.toString(), baseline.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("1 regression target(s) per sample"),
            containsString(String.format(Locale.ROOT, "MAE         %.5g", baselineMae)),
            containsString("RMSE"),
            not(containsString("accuracy"))));
  }

  @Test
  void evaluateJson_regressionData_hasTheErrorsAndNoAccuracyNumber() throws IOException {
    int code = run("evaluate", "--quiet", "--json", "--data", data.toString(), baseline.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode evaluation = new ObjectMapper().readTree(out.toString()).get("evaluation");
    assertThat(
        evaluation.get("regression").get("overall").get("mae").asDouble(),
        closeTo(baselineMae, 1e-5));
    assertThat(evaluation.get("accuracy").asText(), is("NaN"));
  }

  @Test
  void evaluate_integerLabelsOnAOneWideModel_hintsAtTheTask() throws IOException {
    Path ints =
        NpzFiles.write(
            dir.resolve("five.npz"),
            new float[] {0, 1, 2, 3, 4},
            new int[] {1},
            new int[] {0, 1, 2, 3, 4});

    int code = run("evaluate", "--quiet", "--data", ints.toString(), baseline.toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(err.toString(), containsString("--task regression"));
  }

  @Test
  void compare_regressionFamily_tabulatesMaeAndWilcoxon() {
    int code =
        run(
            "compare",
            "--quiet",
            "--data",
            data.toString(),
            "--baseline",
            baseline.toString(),
            models.resolve("shifted.tflite").toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), allOf(containsString("Wilcoxon p"), containsString("MAE")));
  }

  @Test
  void check_maeIncreaseSignificantOnly_passesTheQuantizedVariantAndFailsTheShiftedOne()
      throws IOException {
    Path budget =
        Files.writeString(
            dir.resolve("budget.yaml"),
            "default:\n"
                + "  maxMae: 0.5\n"
                + "  maxMaeIncrease: \"0.05%\"\n"
                + "  significantDropsOnly: true\n");
    Path record = dir.resolve("run.json");

    int code =
        run(
            "check",
            "--quiet",
            "--budget",
            budget.toString(),
            "--data",
            data.toString(),
            "--models",
            models.toString(),
            "--out",
            record.toString());

    assertThat(err.toString(), code, is(ExitCode.BUDGET_VIOLATED));
    assertThat(
        out.toString(),
        allOf(
            containsString("ok   baseline (1 limit(s) checked; not applicable to the baseline:"),
            containsString("ok   dynamic"),
            containsString("FAIL shifted"),
            containsString("MAE increase "),
            containsString("Wilcoxon signed-rank p =")));
    RunRecord written = RunRecords.read(record);
    assertThat(
        written.variant("dynamic").orElseThrow().evaluation().regression().isPresent(), is(true));
    // The quantized variant's MAE is up by about 0.09%, over the limit: it passes only because the
    // signed-rank test finds that noise (p ≈ 0.5).
    assertThat(
        written.variant("dynamic").orElseThrow().budgets().get(0).limits().stream()
            .filter(l -> l.metric() == Metric.MAX_MAE_INCREASE)
            .findFirst()
            .orElseThrow()
            .note(),
        containsString("over the limit but not significant"));
    // The recorded run is checked again to the same verdict.
    assertThat(
        run("check", "--budget", budget.toString(), "--record", record.toString()),
        is(ExitCode.BUDGET_VIOLATED));
  }

  @Test
  void tune_regressionModel_choosesTheSmallestCandidateWithinTheMaeBudget() throws IOException {
    Path budget =
        Files.writeString(dir.resolve("tune.yaml"), "default:\n  maxMaeIncrease: \"5%\"\n");
    Path tuned = dir.resolve("tuned");

    int code =
        run(
            "tune",
            baseline.toString(),
            "--data",
            data.toString(),
            "--budget",
            budget.toString(),
            "--out",
            tuned.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    RunRecord record = RunRecords.read(tuned.resolve("run.json"));
    // The smallest candidate whose MAE is at most 5% above the baseline's, as the record has them.
    String smallest =
        record.variants().stream()
            .filter(v -> v.comparison().isPresent())
            .filter(
                v ->
                    v.comparison().orElseThrow().regression().orElseThrow().relativeMaeIncrease()
                        <= 0.05)
            .min(java.util.Comparator.comparingLong(v -> v.sizes().zip()))
            .orElseThrow()
            .name();
    assertThat(Files.exists(tuned.resolve(smallest + ".tflite")), is(true));
    assertThat(
        out.toString(),
        allOf(
            containsString("smallest candidate meeting the budget: " + smallest),
            containsString("MAE 0.050000 -> "),
            containsString("Wilcoxon signed-rank p = "),
            not(containsString("NaN"))));
  }

  @Test
  void check_taskClassificationOnFractionalTargets_exits3NamingTheFile() throws IOException {
    Path budget = Files.writeString(dir.resolve("budget.json"), "{\"default\": {}}");

    int code =
        run(
            "check",
            "--quiet",
            "--task",
            "classification",
            "--budget",
            budget.toString(),
            "--data",
            data.toString(),
            "--models",
            models.toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(),
        allOf(containsString("sine.npz"), containsString("classification needs whole")));
  }

  @Test
  void evaluate_taskRegressionOnIntegerLabels_readsThemAsTargets() throws IOException {
    Path ints =
        NpzFiles.write(
            dir.resolve("ints.npz"),
            new float[] {0, 1, 2, 3},
            new int[] {1},
            new int[] {0, 1, 2, 3});

    int code =
        run(
            "evaluate",
            "--quiet",
            "--task",
            "regression",
            "--data",
            ints.toString(),
            baseline.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("MAE"));
  }
}
