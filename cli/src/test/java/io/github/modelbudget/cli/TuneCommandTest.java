package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {

  @TempDir Path dir;

  private Fixtures fx;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void createFixtures() throws IOException {
    fx = Fixtures.create(dir, 40);
  }

  private int tune(String budgetJson, String... extra) throws IOException {
    Path budget = Files.writeString(dir.resolve("budget.json"), budgetJson);
    String[] base = {
      "tune",
      fx.baseline.toString(),
      "--data",
      fx.data.toString(),
      "--budget",
      budget.toString(),
      "--out",
      dir.resolve("tuned").toString()
    };
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void budgetMet_writesTheSmallestCandidateAndTheRunRecord() throws IOException {
    int code =
        tune(
            "{\"default\": {\"minAccuracy\": 0.0}}",
            "--modes",
            "dynamic,float16",
            "--sparsities",
            "0");

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(
        out.toString(),
        allOf(
            containsString("2 candidates, 3 evaluations"),
            containsString("smallest candidate meeting the budget: dynamic: "),
            containsString("(McNemar p = "),
            containsString("report: ")));
    assertThat(
        Files.readString(dir.resolve("tuned/report.html")), containsString("chart-accuracy-size"));
    assertThat(Files.exists(dir.resolve("tuned/summary.md")), is(true));
    TfliteModel written = TfliteModel.read(dir.resolve("tuned/dynamic.tflite"));
    RunRecord record = RunRecords.read(dir.resolve("tuned/run.json"));
    assertThat(record.variants().size(), is(3));
    assertThat(record.variant("dynamic").orElseThrow().sha256(), is(written.sha256()));
  }

  @Test
  void budgetNoCandidateMeets_exits1ListingTheClosest() throws IOException {
    int code =
        tune(
            "{\"default\": {\"maxZipSize\": \"100 B\"}}",
            "--modes",
            "dynamic",
            "--sparsities",
            "0");

    assertThat(code, is(ExitCode.BUDGET_VIOLATED));
    assertThat(
        out.toString(),
        allOf(
            containsString("no candidate meets the budget; the closest:"),
            containsString("dynamic ("),
            containsString("100 B")));
    assertThat(Files.exists(dir.resolve("tuned/dynamic.tflite")), is(false));
  }

  @Test
  void sparsityOutOfRange_isAUsageError() throws IOException {
    int code = tune("{\"default\": {}}", "--sparsities", "1.5");

    assertThat(code, is(ExitCode.USAGE));
    assertThat(err.toString(), containsString("1.5"));
  }

  @Test
  void budgetWithVariantEntries_exits3NamingTheFile() throws IOException {
    int code = tune("{\"variants\": {\"int8\": {\"minAccuracy\": 0.9}}}", "--modes", "dynamic");

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(err.toString(), containsString("budget.json"));
  }
}
