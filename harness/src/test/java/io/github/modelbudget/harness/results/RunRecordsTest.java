package io.github.modelbudget.harness.results;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run record: a real evaluation written, read back, merged, and rejected when broken. */
class RunRecordsTest {

  private static Dataset data;
  private static Evaluator evaluator;
  private static TfliteModel baselineModel;
  private static TfliteModel variantModel;
  private static EvaluationResult baseline;
  private static EvaluationResult variant;

  @BeforeAll
  static void evaluate() {
    SplittableRandom random = new SplittableRandom(5L);
    int n = 200;
    float[] x = TestModels.gaussian(random, n * 6, 1.0);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i * 6] + 0.3 * x[i * 6 + 1] > 0 ? 1 : 0;
    }
    data = Dataset.of("gaussian", new int[] {6}, x, y, List.of("no", "yes"));
    evaluator = Evaluator.defaults().withThreads(2).withBatchSize(32);
    baselineModel =
        TfliteModel.fromBytes("baseline", TestModels.denseSigmoid(6, 1L).model().bytes());
    variantModel = TfliteModel.fromBytes("variant", TestModels.denseSigmoid(6, 2L).model().bytes());
    baseline = evaluator.evaluate(baselineModel, data);
    variant = evaluator.evaluate(variantModel, data);
  }

  private static RunRecord record(boolean withPredictions) {
    Comparison comparison =
        Comparison.of(baseline, variant, ModelSizes.of(baselineModel), ModelSizes.of(variantModel));
    Budget budget =
        Budget.none().with(Metric.MIN_ACCURACY, "0.99").with(Metric.MAX_LATENCY_P95, "1 ms");
    VariantRecord v =
        VariantRecord.of(variantModel, variant)
            .withComparison(comparison)
            .withBudget(
                BudgetCheck.check(budget, Measurements.of("variant").withEvaluation(variant)))
            .withLatency(
                LatencyStats.of(new long[] {900, 1000, 1100, 5000}, 2)
                    .withSettings(LatencySettings.defaults()));
    VariantRecord b = VariantRecord.of(baselineModel, baseline);
    if (withPredictions) {
      v = v.withPredictions(variant);
    }
    return RunRecord.create(
        data, EnvironmentSummary.of(evaluator), Optional.of(baselineModel.name()), List.of(b, v));
  }

  @Test
  void variantWithoutBudgets_dropsOnlyTheOutcomes() {
    VariantRecord checked = record(false).variants().get(1);

    VariantRecord cleared = checked.withoutBudgets();

    assertThat(checked.budgets().size(), is(1));
    assertThat(cleared.budgets(), is(List.of()));
    assertThat(cleared.withBudget(checked.budgets().get(0)), equalTo(checked));
  }

  @Test
  void fullRecord_writtenAndRead_isEqual(@TempDir Path dir) {
    RunRecord record = record(true);
    Path file = dir.resolve("run.json");

    RunRecords.write(record, file);
    RunRecord read = RunRecords.read(file);

    assertThat(read, equalTo(record));
    assertThat(read.schemaVersion(), is(RunRecord.SCHEMA_VERSION));
    VariantRecord v = read.variants().get(1);
    assertThat(v.evaluation().accuracy(), is(variant.accuracy()));
    assertThat(
        v.comparison().orElseThrow().mcNemarP(), is(Comparison.of(baseline, variant).mcNemarP()));
    assertThat(v.predictions().orElseThrow(), hasSize(200));
    assertThat(v.predictions().orElseThrow().get(7).predicted(), is(variant.prediction(7)));
    assertThat(v.budgets().get(0).violations().isEmpty(), is(false));
  }

  @Test
  void defaultRecord_leavesPerSampleDataOut() {
    String json = RunRecords.toJson(record(false));

    assertThat(json, not(containsString("predictions")));
    assertThat(json, containsString("\"schemaVersion\" : 1"));
    assertThat(json, containsString("\"sha256\" : \"" + data.sha256() + "\""));
  }

  @Test
  void inspectionAndEnvironment_recorded() {
    RunRecord record = record(false);

    VariantRecord b = record.variant(baselineModel.name()).orElseThrow();
    assertThat(b.inspection().parameters(), is(7L));
    assertThat(b.inspection().parametersByType().get("FLOAT32"), is(7L));
    assertThat(b.sizes(), is(ModelSizes.of(baselineModel)));
    assertThat(record.environment().threads(), is(2));
    assertThat(record.environment().runtimeVersion(), startsWith("2."));
    assertThat(record.dataset().size(), is(200));
  }

  @Test
  void measurementsOfReadRecord_checkAgainstBudgetLikeTheLiveResults(@TempDir Path dir) {
    Path file = dir.resolve("run.json");
    RunRecords.write(record(false), file);
    RunRecord read = RunRecords.read(file);
    Budget budget =
        Budget.none()
            .with(Metric.MIN_ACCURACY, "100%")
            .with(Metric.MIN_AGREEMENT, "100%")
            .with(Metric.MAX_ZIP_SIZE, "1 B")
            .with(Metric.MIN_SIZE_REDUCTION, "2x")
            .with(Metric.MAX_LATENCY_P50, "1 ns");

    BudgetOutcome fromRecord = BudgetCheck.check(budget, read.measurements("variant"));
    BudgetOutcome live =
        BudgetCheck.check(
            budget,
            Measurements.of("variant")
                .withEvaluation(variant)
                .withComparison(
                    Comparison.of(
                        baseline,
                        variant,
                        ModelSizes.of(baselineModel),
                        ModelSizes.of(variantModel)))
                .withSizes(ModelSizes.of(variantModel))
                .withBaselineSizes(ModelSizes.of(baselineModel))
                .withLatency(LatencyStats.of(new long[] {900, 1000, 1100, 5000})));

    assertThat(fromRecord.violations(), hasSize(5));
    assertThat(fromRecord, equalTo(live));
  }

  @Test
  void write_overwritesAtomicallyLeavingNoTempFiles(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("nested/run.json");
    RunRecords.write(record(false), file);
    RunRecord second = record(false);

    RunRecords.write(second, file);

    assertThat(RunRecords.read(file).runId(), is(second.runId()));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()).toList(), contains("run.json"));
    }
  }

  @Test
  void nanValue_survivesRoundTrip() {
    RunRecord record = record(false);
    VariantRecord v = record.variants().get(1);
    Comparison c = v.comparison().orElseThrow();
    Comparison nan =
        new Comparison(
            c.baselineName(),
            c.variantName(),
            c.sampleCount(),
            c.baselineAccuracy(),
            c.variantAccuracy(),
            c.agreementCount(),
            c.baselineOnlyCorrect(),
            c.variantOnlyCorrect(),
            c.mcNemarP(),
            Double.NaN,
            Double.NaN,
            c.sizeRatios());
    RunRecord withNan =
        new RunRecord(
            record.schemaVersion(),
            record.runId(),
            record.timestamp(),
            record.baseline(),
            record.dataset(),
            record.environment(),
            List.of(v.withComparison(nan)),
            List.of(),
            List.of());

    RunRecord read = RunRecords.fromJson("nan.json", RunRecords.toJson(withNan));

    assertThat(
        Double.isNaN(read.variants().get(0).comparison().orElseThrow().meanAbsOutputDifference()),
        is(true));
  }

  @Nested
  @DisplayName("merging shards")
  class Merging {

    @Test
    void twoShards_mergeIntoOneRecordWithBothVariants() {
      RunRecord full = record(false);
      RunRecord shardA =
          RunRecord.create(
              data, full.environment(), full.baseline(), List.of(full.variants().get(0)));
      RunRecord shardB =
          RunRecord.create(
              data, full.environment(), Optional.empty(), List.of(full.variants().get(1)));

      RunRecord merged = RunRecords.merge(List.of(shardA, shardB));

      assertThat(merged.variants(), hasSize(2));
      assertThat(merged.baseline(), is(full.baseline()));
      assertThat(merged.mergedFrom(), hasSize(2));
      assertThat(merged.mergedFrom().contains(shardA.runId()), is(true));
      assertThat(RunRecords.merge(List.of(shardB, shardA)).runId(), is(merged.runId()));
    }

    @Test
    void sameRunTwice_isTakenOnce() {
      RunRecord record = record(false);

      assertThat(RunRecords.merge(List.of(record, record)), is(record));
    }

    @Test
    void differentDatasets_rejected() {
      RunRecord record = record(false);
      Dataset other = data.scaled(2, 0);
      RunRecord elsewhere =
          RunRecord.create(other, record.environment(), Optional.empty(), List.of());

      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class, () -> RunRecords.merge(List.of(record, elsewhere)));

      assertThat(e.getMessage(), containsString("different datasets"));
    }

    @Test
    void sameMeasurementInTwoRuns_forksOrReruns_mergeIntoOneVariantWithEveryBudget() {
      RunRecord a = record(false);
      BudgetOutcome other =
          BudgetCheck.check(
              Budget.none().with(Metric.MAX_ZIP_SIZE, "1 MB"),
              Measurements.of("variant").withSizes(ModelSizes.of(variantModel)));
      // The same models and data measured again (another fork, or a rerun without clean), where
      // another test class checked another budget.
      RunRecord b =
          at(
              a.withVariants(List.of(a.variants().get(0), a.variants().get(1).withBudget(other))),
              1);

      RunRecord merged = RunRecords.merge(List.of(a, b));

      assertThat(
          merged.variants().stream().map(VariantRecord::name).toList(),
          is(List.of("baseline", "variant")));
      assertThat(merged.variants().get(1).budgets(), hasSize(2));
      assertThat(merged.variants().get(1).latency().isPresent(), is(true));
    }

    @Test
    void sameNameOnTwoDifferentModels_rejectedNamingBothFiles() {
      RunRecord a = record(false);
      RunRecord b = withImpostor(a, 1);
      Map<String, RunRecord> files = new LinkedHashMap<>();
      files.put("fork-1/run-a.json", a);
      files.put("fork-2/run-b.json", b);

      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class,
              () -> RunRecords.merge(files, RunRecords.MergeMode.STRICT));

      assertThat(e.getMessage(), containsString("variant 'variant' is two different models"));
      assertThat(e.getMessage(), containsString("fork-1/run-a.json"));
      assertThat(e.getMessage(), containsString("fork-2/run-b.json"));
      assertThat(e.getMessage(), containsString("--latest"));
    }

    @Test
    void sameNameOnTwoDifferentModels_latestKeepsTheNewest() {
      RunRecord a = record(false);
      RunRecord newer = withImpostor(a, 60);
      Map<String, RunRecord> files = new LinkedHashMap<>();
      files.put("new.json", newer);
      files.put("old.json", a);

      RunRecord merged = RunRecords.merge(files, RunRecords.MergeMode.LATEST);

      assertThat(merged.variants(), hasSize(2));
      assertThat(merged.variant("variant").orElseThrow().sha256(), is(baselineModel.sha256()));
      assertThat(merged.timestamp(), is(newer.timestamp()));
    }
  }

  /** A later record whose 'variant' is another model: the baseline's bytes under its name. */
  private static RunRecord withImpostor(RunRecord record, long seconds) {
    VariantRecord impostor =
        VariantRecord.of(TfliteModel.fromBytes("variant", baselineModel.bytes()), baseline);
    return at(record.withVariants(List.of(record.variants().get(0), impostor)), seconds);
  }

  /** The record under a new id, {@code seconds} after its own time. */
  private static RunRecord at(RunRecord record, long seconds) {
    return new RunRecord(
        record.schemaVersion(),
        UUID.randomUUID().toString(),
        Instant.parse(record.timestamp()).plusSeconds(seconds).toString(),
        record.baseline(),
        record.dataset(),
        record.environment(),
        record.variants(),
        List.of(),
        record.failures());
  }

  @Nested
  @DisplayName("unreadable records")
  class Unreadable {

    @Test
    void newerSchemaVersion_namesFileLineAndVersion(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("future.json");
      Files.writeString(
          file,
          RunRecords.toJson(record(false))
              .replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 7"));

      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> RunRecords.read(file));

      assertThat(e.getMessage(), startsWith(file + " line 2: schemaVersion 7 is not supported"));
      assertThat(e.getMessage(), containsString("upgrade ModelBudget"));
    }

    @Test
    void malformedJson_namesLine() {
      String json = RunRecords.toJson(record(false));
      String broken = json.replaceFirst("\"runId\" : \"", "\"runId\" : ");

      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class, () -> RunRecords.fromJson("broken.json", broken));

      assertThat(e.getMessage(), startsWith("broken.json line 3: "));
    }

    @Test
    void unknownField_namesLineAndField() {
      String json =
          RunRecords.toJson(record(false))
              .replaceFirst("\"runId\"", "\"colour\" : \"blue\",\n  \"runId\"");

      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class, () -> RunRecords.fromJson("extra.json", json));

      assertThat(e.getMessage(), startsWith("extra.json line 3: not a valid run record"));
      assertThat(e.getMessage(), containsString("colour"));
    }

    @Test
    void missingRequiredField_rejected() {
      String json =
          RunRecords.toJson(record(false)).replaceFirst("\"timestamp\" : \"[^\"]*\",", "");

      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class, () -> RunRecords.fromJson("short.json", json));

      assertThat(e.getMessage(), containsString("timestamp"));
    }

    @Test
    void noSchemaVersion_rejected() {
      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class, () -> RunRecords.fromJson("x.json", "{\"a\": [1]}"));

      assertThat(e.getMessage(), is("x.json: not a run record: it has no top-level schemaVersion"));
    }

    @Test
    void missingFile_rejected(@TempDir Path dir) {
      InvalidRunRecordException e =
          assertThrows(
              InvalidRunRecordException.class, () -> RunRecords.read(dir.resolve("none.json")));

      assertThat(e.getMessage(), containsString("none.json: cannot read"));
      assertThat(List.of(e.getMessage()), not(empty()));
    }
  }
}
