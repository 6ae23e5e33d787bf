package io.github.modelbudget.harness.family;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetFileException;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.harness.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model family measured in the real runtime: one evaluation each, one rule for the baseline. */
class FamilyRunTest {

  private static Dataset data;

  @BeforeAll
  static void data() {
    SplittableRandom random = new SplittableRandom(7L);
    int n = 120;
    float[] x = TestModels.gaussian(random, n * 4, 1.0);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i * 4] - 0.5 * x[i * 4 + 2] > 0 ? 1 : 0;
    }
    data = Dataset.of("gaussian", new int[] {4}, x, y, List.of("no", "yes"));
  }

  private static TfliteModel dense(String name, long seed) {
    return TfliteModel.fromBytes(name, TestModels.denseSigmoid(4, seed).model().bytes());
  }

  @Test
  void twoFilesOfTheSameName_getDistinctNamesAndKeepTheirOwnResults(@TempDir Path dir)
      throws Exception {
    Path a = Files.createDirectories(dir.resolve("a")).resolve("mnist_model.tflite");
    Path b = Files.createDirectories(dir.resolve("b")).resolve("mnist_model.tflite");
    Files.write(a, dense("x", 1L).bytes());
    Files.write(b, dense("x", 2L).bytes());

    ModelFamily family = ModelFamily.of("cli", TfliteModel.read(a), List.of(TfliteModel.read(b)));
    FamilyRun run = FamilyRun.of(family, data, Evaluator.defaults());
    RunRecord record = run.evaluateAll((m, i, n) -> {}).record();

    assertThat(family.names(), contains("a/mnist_model", "b/mnist_model"));
    VariantRecord first = record.variants().get(0);
    VariantRecord second = record.variants().get(1);
    assertThat(first.sha256(), is(not(second.sha256())));
    assertThat(first.evaluation().logLoss(), is(not(second.evaluation().logLoss())));
    assertThat(second.comparison().orElseThrow().maxAbsOutputDifference() > 0.001, is(true));
  }

  @Test
  void eachMember_isEvaluatedOnce_acrossRunsSharingACache() {
    ModelFamily family =
        ModelFamily.of("test", dense("baseline", 1L), List.of(dense("quantized", 2L)));
    EvaluationCache cache = new EvaluationCache();
    FamilyRun first = FamilyRun.of(family, data, Evaluator.defaults(), cache);
    FamilyRun second = FamilyRun.of(family, data, Evaluator.defaults(), cache);

    first.evaluateAll((m, i, n) -> {});
    second.comparison(family.variants().get(0));
    second.evaluateAll((m, i, n) -> {});

    assertThat(cache.computedCount(), is(2));
  }

  @Test
  void oneFailingMember_isRecorded_andTheOthersAreStillEvaluated() {
    TfliteModel misfit =
        TfliteModel.fromBytes("misfit", TestModels.denseSigmoid(5, 3L).model().bytes());
    ModelFamily family =
        ModelFamily.of("test", dense("baseline", 1L), List.of(misfit, dense("pruned", 2L)));
    List<String> seen = new ArrayList<>();

    RunRecord record =
        FamilyRun.of(family, data, Evaluator.defaults())
            .evaluateAll((m, i, n) -> seen.add(m.name()))
            .record();

    assertThat(seen, contains("baseline", "misfit", "pruned"));
    assertThat(
        record.variants().stream().map(VariantRecord::name).toList(),
        contains("baseline", "pruned"));
    assertThat(record.failures(), hasSize(1));
    assertThat(record.failures().get(0).name(), is("misfit"));
    assertThat(record.failures().get(0).message(), containsString("5"));
  }

  @Test
  void baseline_isHeldToAbsoluteLimitsOnly_relativeOnesAreNotApplicable() {
    ModelFamily family =
        ModelFamily.of("test", dense("baseline", 1L), List.of(dense("quantized", 2L)));
    FamilyRun run = FamilyRun.of(family, data, Evaluator.defaults());
    Budget budget =
        Budget.none()
            .with(Metric.MIN_ACCURACY, "0.0")
            .with(Metric.MIN_SIZE_REDUCTION, "45%")
            .with(Metric.MAX_ACCURACY_DROP, "0.5%")
            .with(Metric.MIN_AGREEMENT, "0.99");

    BudgetOutcome baseline = BudgetCheck.check(budget, run.measurements(family.baseline(), true));
    BudgetOutcome variant =
        BudgetCheck.check(budget, run.measurements(family.variants().get(0), true));

    assertThat(baseline.violations(), is(empty()));
    assertThat(baseline.checked(), contains(Metric.MIN_ACCURACY));
    assertThat(
        baseline.notApplicable(),
        contains(Metric.MAX_ACCURACY_DROP, Metric.MIN_SIZE_REDUCTION, Metric.MIN_AGREEMENT));
    // The same sizes: the variant is not 45% smaller, which is a violation for it.
    assertThat(variant.checked(), hasSize(4));
    assertThat(
        variant.violations().stream().map(v -> v.metric()).toList(),
        contains(Metric.MIN_SIZE_REDUCTION, Metric.MIN_AGREEMENT));
  }

  @Test
  void budgetGate_sameRuleOnARecord_andAnEntryThatMatchesNoModelIsAnError() {
    ModelFamily family =
        ModelFamily.of("test", dense("baseline", 1L), List.of(dense("quantized", 2L)));
    RunRecord record =
        FamilyRun.of(family, data, Evaluator.defaults()).evaluateAll((m, i, n) -> {}).record();
    BudgetFile relative =
        BudgetFile.parseYaml("budget.yaml", "default:\n  maxAccuracyDrop: \"100%\"\n");
    BudgetFile misspelled =
        BudgetFile.parseYaml(
            "budget.yaml",
            "variants:\n  quantised:\n    maxZipSize: 8 kB\n  \"pr*\":\n    minAccuracy: 0.5\n");

    BudgetGate.Result gate = BudgetGate.check(record, relative);
    BudgetFileException e =
        assertThrows(BudgetFileException.class, () -> BudgetGate.check(record, misspelled));

    assertThat(gate.passed(), is(true));
    assertThat(gate.outcomes().get(0).notApplicable(), contains(Metric.MAX_ACCURACY_DROP));
    assertThat(gate.outcomes().get(1).checked(), contains(Metric.MAX_ACCURACY_DROP));
    assertThat(e.getMessage(), containsString("budget.yaml"));
    assertThat(e.getMessage(), containsString("'quantised', 'pr*' match no model"));
    assertThat(e.getMessage(), containsString("[baseline, quantized]"));
  }

  @Test
  void baselineName_missingOrTwice_isAnErrorListingTheModels() {
    List<TfliteModel> models = List.of(dense("quantized", 1L), dense("pruned", 2L));

    Exception missing =
        assertThrows(
            RuntimeException.class, () -> ModelFamily.named("models/", models, "baseline"));

    assertThat(missing.getMessage(), containsString("no baseline model 'baseline.tflite'"));
    assertThat(missing.getMessage(), containsString("quantized"));
  }

  @Test
  void baseline_givenByName_fileName_orItsFileInTheFolder_isTheSameMember(@TempDir Path dir)
      throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    Files.write(models.resolve("reference.tflite"), dense("x", 1L).bytes());
    Files.write(models.resolve("quantized.tflite"), dense("x", 2L).bytes());
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("reference.tflite");
    Files.write(elsewhere, dense("x", 1L).bytes());

    for (String baseline :
        List.of(
            "reference",
            "reference.tflite",
            models.resolve("reference.tflite").toString(),
            models.resolve("../models/./reference.tflite").toString())) {
      ModelFamily family = ModelFamily.inDirectory(models, baseline);
      assertThat(baseline, family.baseline().name(), is("reference"));
      assertThat(family.names(), contains("reference", "quantized"));
    }
    InvalidModelException outside =
        assertThrows(
            InvalidModelException.class,
            () -> ModelFamily.inDirectory(models, elsewhere.toString()));
    assertThat(
        outside.getMessage(),
        allOf(
            containsString("the baseline file " + elsewhere),
            containsString("is not one of the models found here [quantized, reference]")));
  }

  @Test
  void evaluateAll_reportsSamplesDoneAfterEveryBatch_upToTheDatasetsSize() {
    ModelFamily family =
        ModelFamily.of("test", dense("baseline", 1L), List.of(dense("quantized", 2L)));
    Map<String, List<Integer>> progress = new ConcurrentHashMap<>();

    FamilyRun.of(family, data, Evaluator.defaults().withBatchSize(32).withThreads(2))
        .evaluateAll(
            new FamilyRun.Listener() {
              @Override
              public void evaluating(FamilyMember member, int index, int total) {}

              @Override
              public void samplesDone(FamilyMember member, int samples, int total) {
                progress
                    .computeIfAbsent(member.name(), k -> new CopyOnWriteArrayList<>())
                    .add(samples);
                assertThat(total, is(data.size()));
              }
            });

    // 120 samples in batches of 32: four batches, the counts growing to 120.
    for (String name : List.of("baseline", "quantized")) {
      List<Integer> counts = new ArrayList<>(progress.get(name));
      assertThat(counts, hasSize(4));
      assertThat(counts.stream().mapToInt(Integer::intValue).max().orElseThrow(), is(120));
      assertThat(new java.util.HashSet<>(counts).size(), is(4));
    }
  }

  @Test
  void recordWithLatencies_timesEveryRecordedModelInOrder_andKeepsTheSettings() {
    ModelFamily family =
        ModelFamily.of("test", dense("baseline", 1L), List.of(dense("quantized", 2L)));
    FamilyRun run = FamilyRun.of(family, data, Evaluator.defaults()).evaluateAll((m, i, n) -> {});
    List<String> timed = new ArrayList<>();
    LatencySettings settings = LatencySettings.defaults().withRuns(2, 20, 2);

    RunRecord record =
        run.recordWithLatencies(
            settings, (name, index, total) -> timed.add(name + " " + index + "/" + total));

    assertThat(timed, contains("baseline 0/2", "quantized 1/2"));
    for (VariantRecord variant : record.variants()) {
      assertThat(variant.name(), variant.latency().orElseThrow().count(), is(20));
    }
  }
}
