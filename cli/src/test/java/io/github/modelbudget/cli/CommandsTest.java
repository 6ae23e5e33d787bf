package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluate, compare, check, report, bench and completion commands run in-process on models and
 * data made here, asserting their output, files and exit codes.
 */
class CommandsTest {

  private static final int SAMPLES = 64;

  @TempDir Path dir;

  private Fixtures fx;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void makeModelsAndData() throws IOException {
    fx = Fixtures.create(dir, SAMPLES);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private Path budget(String json) throws IOException {
    return Files.writeString(dir.resolve("budget.json"), json);
  }

  @Test
  void evaluate_baselineOnItsOwnLabels_printsAccuracyOne() {
    int code = run("evaluate", "--quiet", "--data", fx.data.toString(), fx.baseline.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("Dataset test.npz: 64 samples"),
            containsString("baseline"),
            containsString("accuracy    1.00000 (64 of 64; 95% CI"),
            containsString("samples/s")));
    assertThat("no progress bar when not a terminal", err.toString(), is(""));
  }

  private static JsonNode firstModel(String json) throws IOException {
    JsonNode node = new ObjectMapper().readTree(json);
    return node.isArray() ? node.get(0) : node;
  }

  @Test
  void evaluate_isolated_givesTheSameNumbersAsInProcess() throws IOException {
    int inProcess =
        run("evaluate", "--json", "--data", fx.data.toString(), fx.quantized.toString());
    JsonNode local = firstModel(out.toString()).get("evaluation");
    int isolated =
        run(
            "evaluate",
            "--json",
            "--isolate",
            "--data",
            fx.data.toString(),
            fx.quantized.toString());
    JsonNode child = firstModel(out.toString()).get("evaluation");

    assertThat(err.toString(), isolated, is(ExitCode.OK));
    assertThat(inProcess, is(ExitCode.OK));
    assertThat(child.get("correct"), is(local.get("correct")));
    assertThat(child.get("logLoss"), is(local.get("logLoss")));
  }

  @Test
  void evaluate_json_hasOneEntryPerModelWithItsMetrics() throws IOException {
    int code =
        run(
            "evaluate",
            "--json",
            "--threads",
            "2",
            "--batch",
            "7",
            "--data",
            fx.data.toString(),
            fx.baseline.toString(),
            fx.quantized.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.size(), is(2));
    assertThat(json.get(0).get("model").asText(), is("baseline"));
    assertThat(json.get(0).get("evaluation").get("accuracy").asDouble(), is(1.0));
    assertThat(json.get(1).get("model").asText(), is("quantized"));
    assertThat(json.get(1).get("evaluation").get("samples").asInt(), is(SAMPLES));
    assertThat(
        json.get(1).get("sizes").get("raw").asLong(),
        lessThan(json.get(0).get("sizes").get("raw").asLong()));
  }

  @Test
  void compare_variantWithBaseline_printsThePairedTable() throws IOException {
    int code =
        run(
            "compare",
            "--baseline",
            fx.baseline.toString(),
            "--data",
            fx.data.toString(),
            fx.quantized.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("Baseline baseline: accuracy 1.00000 on 64 samples of test.npz"),
            containsString("McNemar p"),
            containsString("quantized")));

    run(
        "compare",
        "--json",
        "--baseline",
        fx.baseline.toString(),
        "--data",
        fx.data.toString(),
        fx.quantized.toString());
    JsonNode c = new ObjectMapper().readTree(out.toString()).get(0);
    long disagreements = SAMPLES - c.get("agreementCount").asLong();
    // Every label is the baseline's own prediction, so each disagreement is a baseline-only hit.
    assertThat(c.get("baselineOnlyCorrect").asLong(), is(disagreements));
    assertThat(c.get("variantOnlyCorrect").asLong(), is(0L));
    assertThat(c.get("sizeRatios").get("raw").asDouble(), lessThan(1.0));
  }

  @Test
  void compare_baselineWithItsCopy_agreesOnEverySample() throws IOException {
    Path copy = Files.copy(fx.baseline, dir.resolve("copy.tflite"));

    int code =
        run(
            "compare",
            "--json",
            "--baseline",
            fx.baseline.toString(),
            "--data",
            fx.data.toString(),
            copy.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode c = new ObjectMapper().readTree(out.toString()).get(0);
    assertThat(c.get("agreementCount").asLong(), is((long) SAMPLES));
    assertThat(c.get("maxAbsOutputDifference").asDouble(), is(0.0));
    assertThat(c.get("mcNemarP").asDouble(), is(1.0));
  }

  @Test
  void check_generousBudget_exits0AndWritesTheRunRecord() throws IOException {
    Path budget = budget("{\"default\": {\"minAccuracy\": 0.5, \"maxZipSize\": \"1 MB\"}}");
    Path record = dir.resolve("out/run.json");

    int code =
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

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("ok   baseline (2 limit(s) checked)"),
            containsString("PASSED: 2 variant(s), 0 error(s)")));
    RunRecord written = RunRecords.read(record);
    assertThat(written.baseline().orElseThrow(), is("baseline"));
    assertThat(written.variants().size(), is(2));
    assertThat(written.variant("quantized").orElseThrow().budgets().get(0).passed(), is(true));
    assertThat(written.variant("quantized").orElseThrow().comparison().isPresent(), is(true));
  }

  @Test
  void check_baselineGivenAsItsFile_likeCompareAndLayers_isTheSameBaseline() throws IOException {
    Path budget = budget("{\"default\": {\"minAccuracy\": 0.5}}");
    Path record = dir.resolve("out/by-file.json");

    int code =
        run(
            "check",
            "--budget",
            budget.toString(),
            "--baseline",
            fx.models.resolve("baseline.tflite").toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString(),
            "--out",
            record.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(RunRecords.read(record).baseline().orElseThrow(), is("baseline"));
  }

  @Test
  void check_tightBudget_exits1AndListsEveryViolation() throws IOException {
    Path budget =
        budget(
            "{\"default\": {\"maxZipSize\": \"1 kB\"},"
                + " \"variants\": {\"quantized\": {\"maxLatencyP95\": {\"limit\": \"2 ms\","
                + " \"level\": \"warn\"}}}}");

    int code =
        run(
            "check",
            "--budget",
            budget.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString());

    assertThat(code, is(ExitCode.BUDGET_VIOLATED));
    String text = out.toString();
    assertThat(
        text,
        allOf(
            containsString("FAIL baseline"),
            containsString("FAIL quantized"),
            containsString("warn: "),
            containsString("FAILED: 2 variant(s), 2 error(s), 1 warning(s)")));
    assertThat("both size violations listed", text.split("error: ", -1).length - 1, is(2));
  }

  @Test
  void check_relativeLimits_holdTheVariantsButNotTheBaseline() throws IOException {
    Path budget =
        budget("{\"default\": {\"maxAccuracyDrop\": \"100%\", \"minSizeReduction\": \"10x\"}}");

    int code =
        run(
            "check",
            "--budget",
            budget.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString());

    assertThat(code, is(ExitCode.BUDGET_VIOLATED));
    assertThat(
        out.toString(),
        allOf(
            containsString(
                "ok   baseline (no limit checked: the budget sets none for it; not applicable to"
                    + " the baseline: maxAccuracyDrop, minSizeReduction)"),
            containsString("FAIL quantized (2 limit(s) checked)"),
            containsString("size reduction"),
            containsString("FAILED: 2 variant(s), 1 error(s)")));
  }

  @Test
  void evaluateAndCompare_twoModelsOfTheSameNameInTwoFolders_keepTheirOwnResults()
      throws IOException {
    Path a = Files.createDirectories(dir.resolve("a")).resolve("mnist_model.tflite");
    Path b = Files.createDirectories(dir.resolve("b")).resolve("mnist_model.tflite");
    SeedArchitecture.untrained(21L).save(a);
    SeedArchitecture.untrained(22L).save(b);

    int evaluated =
        run(
            "evaluate",
            "--quiet",
            "--json",
            "--data",
            fx.data.toString(),
            a.toString(),
            b.toString());
    String evaluation = out.toString();
    int compared =
        run(
            "compare",
            "--quiet",
            "--json",
            "--data",
            fx.data.toString(),
            "--baseline",
            a.toString(),
            b.toString());
    String comparison = out.toString();

    assertThat(evaluated, is(ExitCode.OK));
    assertThat(compared, is(ExitCode.OK));
    List<String> logLosses = new ArrayList<>();
    Matcher m = Pattern.compile("\"logLoss\" : ([0-9.E-]+)").matcher(evaluation);
    while (m.find()) {
      logLosses.add(m.group(1));
    }
    assertThat(logLosses, hasSize(2));
    assertThat(logLosses.get(0), is(not(logLosses.get(1))));
    assertThat(comparison, containsString("\"baselineName\" : \"a/mnist_model\""));
    assertThat(comparison, containsString("\"variantName\" : \"b/mnist_model\""));
    Matcher diff = Pattern.compile("\"maxAbsOutputDifference\" : ([0-9.E-]+)").matcher(comparison);
    assertThat(diff.find(), is(true));
    assertThat(Double.parseDouble(diff.group(1)) > 1e-4, is(true));
  }

  @Test
  void evaluate_oneModelThatDoesNotFitTheData_theOthersAreStillEvaluated_exit3()
      throws IOException {
    Path misfit = dir.resolve("misfit.tflite");
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef w = b.constant("dense/kernel", new float[] {1, 2, 3, 4}, 1, 4);
    TensorRef bias = b.constant("dense/bias", new float[] {0}, 1);
    TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, logit, Activation.NONE).logistic(logit, p).output(p);
    b.build("misfit").save(misfit);

    int code =
        run(
            "evaluate",
            "--quiet",
            "--data",
            fx.data.toString(),
            fx.baseline.toString(),
            misfit.toString(),
            fx.quantized.toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(out.toString(), allOf(containsString("baseline ("), containsString("quantized (")));
    assertThat(err.toString(), containsString("error: misfit: "));
  }

  @Test
  void check_latencyBudget_measuredInTheSameRun_passesAndFails() throws IOException {
    Path loose = budget("{\"default\": {\"maxLatencyP50\": \"10 s\"}}");
    String[] gate = {
      "check",
      "--quiet",
      "--latency",
      "--latency-runs",
      "20",
      "--data",
      fx.data.toString(),
      "--models",
      fx.models.toString(),
      "--out",
      dir.resolve("run.json").toString(),
      "--budget"
    };

    int passed = run(concat(gate, loose.toString()));
    String passedOut = out.toString();
    RunRecord record = RunRecords.read(dir.resolve("run.json"));
    Path tight = budget("{\"default\": {\"maxLatencyP95\": \"1 ns\"}}");
    int failed = run(concat(gate, tight.toString()));
    String failedOut = out.toString();
    int unmeasured =
        run(
            "check",
            "--quiet",
            "--budget",
            tight.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString());

    assertThat(passedOut, passed, is(ExitCode.OK));
    LatencyStats latency = record.variant("quantized").orElseThrow().latency().orElseThrow();
    assertThat(latency.count(), is(20));
    assertThat(latency.repetitionMedians(), hasSize(10));
    assertThat(latency.settings().orElseThrow().threads(), is(1));
    assertThat(failed, is(ExitCode.BUDGET_VIOLATED));
    assertThat(failedOut, allOf(containsString("latency p95 "), containsString("> 1 ns budget")));
    assertThat(unmeasured, is(ExitCode.BUDGET_VIOLATED));
    assertThat(out.toString(), containsString("latency p95 not measured"));
    assertThat(out.toString(), containsString("check --latency"));
  }

  private static String[] concat(String[] first, String last) {
    String[] all = java.util.Arrays.copyOf(first, first.length + 1);
    all[first.length] = last;
    return all;
  }

  @Test
  void check_budgetEntryMatchingNoModel_exits3NamingItAndTheModels() throws IOException {
    Path budget = budget("{\"variants\": {\"quantised\": {\"maxZipSize\": \"8 kB\"}}}");

    int code =
        run(
            "check",
            "--quiet",
            "--budget",
            budget.toString(),
            "--data",
            fx.data.toString(),
            "--models",
            fx.models.toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(),
        allOf(
            containsString("budget.json"),
            containsString("'quantised' matches no model"),
            containsString("[baseline, quantized]")));
  }

  @Test
  void check_recordInsteadOfModels_checksTheRecordedMeasurements() throws IOException {
    Path record = dir.resolve("run.json");
    run(
        "check",
        "--budget",
        budget("{\"default\": {\"minAccuracy\": 0.0}}").toString(),
        "--data",
        fx.data.toString(),
        "--models",
        fx.models.toString(),
        "--out",
        record.toString());

    int code =
        run(
            "check",
            "--budget",
            budget("{\"default\": {\"minAccuracy\": 1.0, \"maxZipSize\": \"1 MB\"}}").toString(),
            "--record",
            record.toString());

    RunRecord before = RunRecords.read(record);
    double quantizedAccuracy = before.variant("quantized").orElseThrow().evaluation().accuracy();
    assertThat(
        out.toString(), code, is(quantizedAccuracy < 1.0 ? ExitCode.BUDGET_VIOLATED : ExitCode.OK));
    assertThat(out.toString(), containsString("ok   baseline (2 limit(s) checked)"));
  }

  @Test
  void bench_textAndJson_reportTheBenchmarkModelFigures() throws IOException {
    int code = run("bench", "--runs", "5", "--warmup", "2", fx.baseline.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("baseline (interpreter threads 1, XNNPACK on, batch 1)"),
            containsString("init "),
            containsString("first inference"),
            containsString("warm-up runs      2"),
            containsString("count=5 mean=")));

    code =
        run(
            "bench",
            "--json",
            "--runs",
            "7",
            "--interpreter-threads",
            "2",
            "--xnnpack=false",
            "--batch",
            "4",
            "--inputs",
            "zeros",
            fx.quantized.toString());
    assertThat(err.toString(), code, is(ExitCode.OK));
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("model").asText(), is("quantized"));
    assertThat(json.get("threads").asInt(), is(2));
    assertThat(json.get("xnnpack").asBoolean(), is(false));
    assertThat(json.get("batch").asInt(), is(4));
    assertThat(json.get("latency").get("count").asInt(), is(7));
    assertThat(json.get("latency").get("minNanos").asLong(), greaterThan(0L));
  }

  @Test
  void bench_attach_addsTheLatencyToTheRunRecord() throws IOException {
    Path record = dir.resolve("run.json");
    run(
        "check",
        "--budget",
        budget("{\"default\": {}}").toString(),
        "--data",
        fx.data.toString(),
        "--models",
        fx.models.toString(),
        "--out",
        record.toString());

    int code = run("bench", "--runs", "6", "--attach", record.toString(), fx.quantized.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    RunRecord after = RunRecords.read(record);
    assertThat(after.variant("quantized").orElseThrow().latency().orElseThrow().count(), is(6));
    assertThat(after.variant("baseline").orElseThrow().latency().isPresent(), is(false));
    assertThat(after.measurements("quantized").latency().isPresent(), is(true));
  }

  @Test
  void report_runRecord_writesHtmlAndMarkdown() throws IOException {
    Path record = dir.resolve("run.json");
    run(
        "check",
        "--budget",
        budget("{\"default\": {\"maxZipSize\": \"1 kB\"}}").toString(),
        "--data",
        fx.data.toString(),
        "--models",
        fx.models.toString(),
        "--out",
        record.toString());
    Path html = dir.resolve("site/report.html");
    Path markdown = dir.resolve("site/summary.md");

    int code =
        run(
            "report",
            record.toString(),
            "--previous",
            record.toString(),
            "--html",
            html.toString(),
            "--markdown",
            markdown.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    String page = Files.readString(html);
    assertThat(page, allOf(containsString("<html"), containsString("quantized")));
    assertThat("self-contained: no script from elsewhere", page, not(containsString("src=\"http")));
    assertThat(Files.readString(markdown), containsString("quantized"));
    assertThat(out.toString(), containsString("HTML report: " + html));
  }

  private static final String JMH_RESULT =
      "[{\"benchmark\": \"x.VariantLatencyBenchmark.singleSample\", \"mode\": \"sample\","
          + " \"params\": {\"variant\": \"QUANTIZED\", \"threads\": \"1\","
          + " \"xnnpack\": \"true\"}, \"primaryMetric\": {\"scoreUnit\": \"us/op\","
          + " \"rawDataHistogram\": [[[[10.0, 3], [20.0, 1]]]]}},"
          + " {\"benchmark\": \"x.VariantLatencyBenchmark.singleSample\", \"mode\": \"sample\","
          + " \"params\": {\"variant\": \"QUANTIZED\", \"threads\": \"2\","
          + " \"xnnpack\": \"true\"}, \"primaryMetric\": {\"scoreUnit\": \"us/op\","
          + " \"rawDataHistogram\": [[[[99.0, 5]]]]}},"
          + " {\"benchmark\": \"x.VariantLatencyBenchmark.batched\", \"mode\": \"thrpt\","
          + " \"params\": {\"variant\": \"BASELINE\", \"threads\": \"1\","
          + " \"xnnpack\": \"true\"}, \"primaryMetric\": {\"scoreUnit\": \"ops/s\"}}]";

  @Test
  void report_latencyFromJmh_attachesTheHistogramsFigures() throws IOException {
    Path record = dir.resolve("run.json");
    run(
        "check",
        "--budget",
        budget("{\"default\": {}}").toString(),
        "--data",
        fx.data.toString(),
        "--models",
        fx.models.toString(),
        "--out",
        record.toString());
    Path jmh = Files.writeString(dir.resolve("latency.json"), JMH_RESULT);
    Path html = dir.resolve("report.html");

    int code =
        run("report", record.toString(), "--latency", jmh.toString(), "--html", html.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("Latency attached from " + jmh + ": quantized"));
    LatencyStats stats = JmhLatency.read(jmh, 1, true).get("quantized");
    assertThat(stats.count(), is(4));
    assertThat(stats.meanNanos(), is(12_500.0));
    assertThat(stats.minNanos(), is(10_000L));
    assertThat(stats.p50Nanos(), is(10_000L));
    assertThat(stats.p95Nanos(), is(20_000L));
    assertThat(stats.maxNanos(), is(20_000L));
    assertThat(JmhLatency.read(jmh, 2, true).get("quantized").p50Nanos(), is(99_000L));
    assertThat(JmhLatency.read(jmh, 1, true).containsKey("baseline"), is(false));
  }

  @Test
  void generateCompletion_printsABashCompletionScriptForEveryCommand() {
    int code = run("generate-completion");

    assertThat(code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("complete -F"),
            containsString("modelbudget"),
            containsString("check"),
            containsString("bench"),
            containsString("optimize")));
  }

  @Test
  void help_listsEveryCommand() {
    int code = run("--help");

    assertThat(code, is(ExitCode.OK));
    for (String command :
        Arrays.asList(
            "inspect",
            "evaluate",
            "compare",
            "check",
            "report",
            "bench",
            "optimize",
            "quantize",
            "prune",
            "variants",
            "demo")) {
      assertThat(out.toString(), containsString("  " + command + " "));
    }
    run("check", "--help");
    assertThat(out.toString(), containsString("modelbudget check --budget budget.json"));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void evaluate_missingDataFile_exits3NamingTheFile() {
      Path missing = dir.resolve("nowhere.npz");

      int code = run("evaluate", "--data", missing.toString(), fx.baseline.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(missing.toString()), containsString("no such file")));
    }

    @Test
    void evaluate_missingModel_exits3NamingTheFile() {
      Path missing = dir.resolve("gone.tflite");

      int code = run("evaluate", "--data", fx.data.toString(), missing.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString(missing.toString()));
    }

    @Test
    void evaluate_corruptModel_exits3() throws IOException {
      byte[] bytes = Files.readAllBytes(fx.baseline);
      Path corrupt =
          Files.write(dir.resolve("corrupt.tflite"), Arrays.copyOf(bytes, bytes.length / 3));

      int code = run("evaluate", "--data", fx.data.toString(), corrupt.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(), allOf(containsString("error: "), containsString(corrupt.toString())));
    }

    @Test
    void evaluate_dataOfAnotherShape_exits3SayingWhatWasExpected() throws IOException {
      Path small =
          NpzFiles.write(
              dir.resolve("small.npz"), new float[4 * 10 * 10], new int[] {10, 10}, new int[4]);

      int code = run("evaluate", "--data", small.toString(), fx.baseline.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), allOf(containsString("[10, 10]"), containsString("28")));
    }

    @Test
    void check_malformedBudget_exits3NamingTheKeyAndLine() throws IOException {
      Path budget =
          budget("{\n  \"default\": {\n    \"maxZipSize\": \"8 kB\",\n    \"maxBogus\": 1\n  }\n}");

      int code =
          run(
              "check",
              "--budget",
              budget.toString(),
              "--data",
              fx.data.toString(),
              "--models",
              fx.models.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString(budget.toString()), containsString("maxBogus"), containsString("4")));
    }

    @Test
    void check_noBaselineAmongTheModels_exits3() throws IOException {
      Path budget = budget("{\"default\": {}}");

      int code =
          run(
              "check",
              "--budget",
              budget.toString(),
              "--baseline",
              "reference",
              "--data",
              fx.data.toString(),
              "--models",
              fx.models.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString("no baseline model 'reference.tflite'"));
    }

    @Test
    void check_neitherModelsNorRecord_exits2WithUsage() throws IOException {
      int code = run("check", "--budget", budget("{}").toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(
          err.toString(),
          allOf(
              containsString("Give either --models DIR with --data, or --record RUN.json"),
              containsString("Usage: modelbudget check")));
    }

    @Test
    void check_unknownOption_exits2WithUsageOnStderr() {
      // An option close to a real one (--strict, --std) gets picocli's suggestion instead of the
      // usage; this one is close to none.
      int code = run("check", "--budget", "b.json", "--models", "m", "--frobnicate");

      assertThat(code, is(ExitCode.USAGE));
      assertThat(out.toString(), is(""));
      assertThat(
          err.toString(),
          allOf(containsString("Unknown option: '--frobnicate'"), containsString("Usage:")));
    }

    @Test
    void report_brokenRunRecord_exits3NamingTheFile() throws IOException {
      Path broken = Files.writeString(dir.resolve("run.json"), "{\"schemaVersion\": ");

      int code = run("report", broken.toString(), "--html", dir.resolve("r.html").toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString(broken.toString()));
      assertThat(Files.exists(dir.resolve("r.html")), is(false));
    }

    @Test
    void bench_attachToARecordWithoutTheVariant_exits3AndLeavesTheRecord() throws IOException {
      Path record = dir.resolve("run.json");
      run(
          "check",
          "--budget",
          budget("{\"default\": {}}").toString(),
          "--data",
          fx.data.toString(),
          "--models",
          fx.models.toString(),
          "--out",
          record.toString());
      String before = Files.readString(record);
      Path other = Files.copy(fx.baseline, dir.resolve("other.tflite"));

      int code = run("bench", "--runs", "2", "--attach", record.toString(), other.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), containsString("no variant 'other'"));
      assertThat(Files.readString(record), is(before));
    }

    @Test
    void report_latencyFileNotFromJmh_exits3NamingTheFile() throws IOException {
      Path record = dir.resolve("run.json");
      run(
          "check",
          "--budget",
          budget("{\"default\": {}}").toString(),
          "--data",
          fx.data.toString(),
          "--models",
          fx.models.toString(),
          "--out",
          record.toString());
      Path jmh = Files.writeString(dir.resolve("latency.json"), "{\"benchmark\": 1}");

      int code =
          run(
              "report",
              record.toString(),
              "--latency",
              jmh.toString(),
              "--html",
              dir.resolve("r.html").toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(containsString(jmh.toString()), containsString("expected a JSON array")));
    }

    @Test
    void bench_zeroRuns_exits2() {
      int code = run("bench", "--runs", "0", fx.baseline.toString());

      assertThat(code, is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--runs must be at least 1"));
    }
  }

  @Test
  void progressLine_rendersDoneOfTotal() {
    assertThat(
        ProgressLine.render("evaluating", 1, 4),
        is("evaluating [#######                       ] 1/4"));
    assertThat(ProgressLine.render("x", 4, 4), containsString("[" + "#".repeat(30) + "] 4/4"));
  }

  @Test
  void progressLine_enabled_redrawsInPlaceAndClearsAtTheEnd() {
    StringWriter terminal = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(terminal), true);

    line.update("evaluating", 0, 2);
    line.update("evaluating", 2, 2);
    line.finish();

    String drawn = terminal.toString();
    assertThat(drawn, allOf(containsString("\revaluating ["), containsString("] 2/2")));
    assertThat(drawn.endsWith("\r"), is(true));
    assertThat(drawn, not(containsString("\n")));
  }

  @Test
  void progressLine_disabled_writesNothing() {
    StringWriter piped = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(piped), false);

    line.update("evaluating", 1, 2);
    line.finish();

    assertThat(piped.toString(), is(""));
  }
}
