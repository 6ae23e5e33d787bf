package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modelbudget.harness.budget.Level;
import io.github.modelbudget.harness.eval.Statistics;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Budgets checked by the extension, evaluations shared, and the run record written. */
class ModelBudgetTest {

  static final String MODELS = "target/junit-fixtures/budget/models";
  static final String DATA = "target/junit-fixtures/budget/data.npz";

  static final BudgetFixtures FIXTURES = new BudgetFixtures();

  @TempDir static Path results;

  @BeforeAll
  static void writeFixtures() {
    FIXTURES.write(Path.of(MODELS), Path.of(DATA));
  }

  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Runs a fixture class; its run records go to {@code results/<class>-<n>}. */
  private static EngineExecutionResults run(Class<?> testCase, boolean parallel) {
    return run(
        testCase,
        parallel,
        results.resolve(testCase.getSimpleName() + "-" + RUNS.incrementAndGet()));
  }

  private static EngineExecutionResults run(Class<?> testCase, boolean parallel, Path resultsDir) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testCase))
        .configurationParameter("modelbudget.results.dir", resultsDir.toString())
        .configurationParameter(
            "junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
        .execute();
  }

  private static String displayName(Event event) {
    return event.getTestDescriptor().getDisplayName();
  }

  private static String message(Event event) {
    return event
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  private static List<String> entries(EngineExecutionResults results, String key) {
    return results
        .allEvents()
        .reportingEntryPublished()
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
        .filter(pairs -> pairs.containsKey(key))
        .map(pairs -> pairs.get(key))
        .toList();
  }

  private static void assertNoFailures(EngineExecutionResults results) {
    assertThat(
        results.allEvents().failed().stream().map(e -> displayName(e) + ": " + message(e)).toList(),
        is(empty()));
  }

  private static RunRecord onlyRecord(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> records = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
      assertThat(records, hasSize(1));
      return RunRecords.read(records.get(0));
    }
  }

  @Test
  void fixtures_haveTheAccuraciesTheTestsRelyOn() {
    int n = BudgetFixtures.SAMPLES;
    assertThat(FIXTURES.correct(FIXTURES.baseline), is(n));
    int smallErrors = n - FIXTURES.correct(FIXTURES.smallDrop);
    int bigErrors = n - FIXTURES.correct(FIXTURES.bigDrop);
    // A few discordant pairs, all against the variant: McNemar cannot call that significant ...
    assertThat(smallErrors, allOf(greaterThan(0), lessThan(6)));
    assertThat(Statistics.mcNemarExact(smallErrors, 0), greaterThan(0.05));
    // ... while dozens of errors are.
    assertThat(bigErrors, greaterThan(40));
    assertThat(Statistics.mcNemarExact(bigErrors, 0), lessThan(0.001));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class SizeBudgetTestCase {
    @VariantTest
    @ModelBudget(maxZipSize = "2 kB")
    void fitsInTwoKilobytes(ModelUnderTest model) {}
  }

  @Test
  void sizeBudget_variantOverIt_failsWithTheNumbers_othersPass() {
    EngineExecutionResults results = run(SizeBudgetTestCase.class, false);

    assertThat(
        results.testEvents().succeeded().map(ModelBudgetTest::displayName).toList(),
        containsInAnyOrder("[baseline]", "[big_drop]", "[small_drop]"));
    Event failure = results.testEvents().failed().list().get(0);
    assertThat(displayName(failure), is("[bloated]"));
    assertThat(
        message(failure),
        allOf(
            containsString("variant 'bloated' is over its budget"),
            containsString("zipped size"),
            containsString("2 kB")));
    assertThat(
        "size budgets need no evaluation",
        entries(results, EvaluatedVariant.EVALUATED_ENTRY),
        is(empty()));
  }

  @ModelVariants(dir = MODELS, exclude = "bloated.tflite")
  @EvaluationData(path = DATA)
  @ModelBudget(maxAccuracyDrop = 0.001, significantDropsOnly = true)
  static class SignificantDropTestCase {
    @VariantTest(includeBaseline = false)
    void noSignificantDrop(ModelUnderTest model) {}

    @VariantTest(includeBaseline = false)
    @ModelBudget(maxAccuracyDrop = 0.001)
    void noDropAtAll(ModelUnderTest model) {}
  }

  @Test
  void accuracyDrop_significantOnly_failsTheBigDropAndPassesTheSmallOne() {
    EngineExecutionResults results = run(SignificantDropTestCase.class, false);

    assertThat(
        results.testEvents().succeeded().map(ModelBudgetTest::displayName).toList(),
        contains("[small_drop]"));
    List<Event> failures = results.testEvents().failed().list();
    assertThat(
        failures.stream().map(ModelBudgetTest::displayName).toList(),
        containsInAnyOrder("[big_drop]", "[small_drop]", "[big_drop]"));
    Event bigDrop =
        failures.stream()
            .filter(e -> displayName(e).equals("[big_drop]"))
            .findFirst()
            .orElseThrow();
    assertThat(message(bigDrop), containsString("accuracy drop"));
  }

  @ModelVariants(dir = MODELS, exclude = "bloated.tflite")
  @EvaluationData(path = DATA)
  static class WarnTestCase {
    @VariantTest
    @ModelBudget(maxAccuracyDrop = 0.001, level = Level.WARN)
    void warnsOnly(ModelUnderTest model) {}
  }

  @Test
  void warnBudget_publishesEntriesLogsThemAndPasses() {
    // slf4j-simple writes to whatever System.err is when it logs.
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    EngineExecutionResults results;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      results = run(WarnTestCase.class, false);
    } finally {
      System.setErr(stderr);
    }

    results.testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
    List<String> warnings = entries(results, BudgetEnforcer.WARNING_ENTRY);
    assertThat(warnings, hasSize(2));
    assertThat(warnings.get(0), containsString("accuracy drop"));
    List<String> logged =
        log.toString(StandardCharsets.UTF_8)
            .lines()
            .filter(line -> line.contains("WARN") && line.contains("warning-level budget"))
            .toList();
    assertThat(logged, hasSize(2));
    assertThat(logged.get(0), containsString("WarnTestCase.warnsOnly: variant '"));
    assertThat(logged.get(0), containsString("accuracy drop"));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class ManyMethodsTestCase {
    @VariantTest
    void accuracy(ModelUnderTest model) {
      assertThat(model.evaluation().sampleCount(), is(BudgetFixtures.SAMPLES));
    }

    @VariantTest
    void agreement(ModelUnderTest model) {
      assertThat(model.comparison().sampleCount(), is(BudgetFixtures.SAMPLES));
    }

    @VariantTest
    @ModelBudget(minAccuracy = 0.5)
    void budget(ModelUnderTest model) {}

    @org.junit.jupiter.api.Test
    void plain(@Variant("small_drop") ModelUnderTest model) {
      assertThat(model.evaluation().accuracy(), lessThan(1.0));
    }
  }

  @Nested
  @DisplayName("shared evaluations")
  class SharedEvaluations {

    @Test
    void manyTestsOverFourVariants_evaluateEachModelOnce() {
      EngineExecutionResults results = run(ManyMethodsTestCase.class, false);

      assertNoFailures(results);
      results.testEvents().assertStatistics(stats -> stats.succeeded(13));
      assertThat(
          entries(results, EvaluatedVariant.EVALUATED_ENTRY),
          containsInAnyOrder("baseline", "small_drop", "big_drop", "bloated"));
    }

    @Test
    void manyTestsOverFourVariants_inParallel_evaluateEachModelOnce() {
      EngineExecutionResults results = run(ManyMethodsTestCase.class, true);

      assertNoFailures(results);
      results.testEvents().assertStatistics(stats -> stats.succeeded(13));
      assertThat(
          entries(results, EvaluatedVariant.EVALUATED_ENTRY),
          containsInAnyOrder("baseline", "small_drop", "big_drop", "bloated"));
    }
  }

  @Test
  void runRecord_holdsEveryVariantAndBudgetOutcome() throws IOException {
    Path dir = results.resolve("record");
    run(SignificantDropTestCase.class, false, dir);

    RunRecord record = onlyRecord(dir);
    assertThat(record.baseline().orElseThrow(), is("baseline"));
    assertThat(record.dataset().size(), is(BudgetFixtures.SAMPLES));
    assertThat(
        record.variants().stream().map(VariantRecord::name).toList(),
        contains("baseline", "big_drop", "small_drop"));
    VariantRecord bigDrop = record.variant("big_drop").orElseThrow();
    assertThat(bigDrop.evaluation().correct(), is((long) FIXTURES.correct(FIXTURES.bigDrop)));
    assertThat(bigDrop.comparison().orElseThrow().baselineOnlyCorrect(), greaterThan(40L));
    assertThat(bigDrop.budgets(), hasSize(2));
    assertThat(bigDrop.budgets().stream().filter(b -> !b.passed()).count(), is(2L));
    VariantRecord smallDrop = record.variant("small_drop").orElseThrow();
    assertThat(
        smallDrop.budgets().stream().map(b -> b.passed()).toList(),
        containsInAnyOrder(true, false));
  }

  @ModelVariants(dir = MODELS, exclude = "bloated.tflite")
  @EvaluationData(path = DATA)
  static class HamcrestTestCase {
    @VariantTest
    void agreesWithBaseline(ModelUnderTest model) {
      assertThat(model.comparison(), ModelBudgetMatchers.agreesWithBaselineAtLeast(0.95));
    }
  }

  @Test
  void hamcrestAssertion_failsTheVariantThatDisagreesWithTheNumbers() {
    EngineExecutionResults results = run(HamcrestTestCase.class, false);

    List<Event> failures = results.testEvents().failed().list();
    assertThat(
        failures.stream().map(ModelBudgetTest::displayName).toList(), contains("[big_drop]"));
    assertThat(
        message(failures.get(0)),
        allOf(
            containsString("Expected: agreement with the baseline of at least 0.9500"),
            containsString("'big_drop' agreed with 'baseline' on 0.")));
  }

  @ModelVariants(dir = MODELS)
  static class BadSettingTestCase {
    @VariantTest
    @ModelBudget(maxZipSize = "1 MB")
    void never(ModelUnderTest model) {}
  }

  @Test
  void invalidConfigurationParameter_failsNamingTheKey() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(BadSettingTestCase.class))
            .configurationParameter("modelbudget.threads", "many")
            .execute();

    Event failure = results.allEvents().failed().list().get(0);
    assertThat(
        message(failure),
        allOf(
            containsString("configuration parameter modelbudget.threads is 'many'"),
            containsString("junit-platform.properties")));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class PlainTestBudgetTestCase {
    static final AtomicInteger BODIES = new AtomicInteger();

    @Test
    @ModelBudget(maxZipSize = "2 kB", minAccuracy = 0.9)
    void bloatedIsSmall(@Variant("bloated") ModelUnderTest model) {
      BODIES.incrementAndGet();
    }

    @Test
    @ModelBudget(maxZipSize = "2 kB")
    void bothAreSmall(
        @Variant("small_drop") ModelUnderTest small, @Variant("big_drop") ModelUnderTest big) {
      BODIES.incrementAndGet();
    }

    @Test
    @ModelBudget(maxZipSize = "2 kB")
    void noVariant() {
      BODIES.incrementAndGet();
    }
  }

  @Test
  void budgetOnAPlainTest_gatesEachVariantParameter_andNoVariantIsAConfigurationError() {
    PlainTestBudgetTestCase.BODIES.set(0);
    EngineExecutionResults results = run(PlainTestBudgetTestCase.class, false);

    results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
    Event bloated =
        results
            .testEvents()
            .failed()
            .filter(e -> displayName(e).startsWith("bloated"))
            .findFirst()
            .orElseThrow();
    assertThat(
        message(bloated),
        allOf(
            containsString("variant 'bloated' is over its budget"),
            containsString("zipped size"),
            containsString("> 2 kB budget")));
    Event noVariant =
        results
            .testEvents()
            .failed()
            .filter(e -> displayName(e).startsWith("noVariant"))
            .findFirst()
            .orElseThrow();
    assertThat(
        message(noVariant),
        allOf(
            containsString("@ModelBudget on noVariant gates nothing"), containsString("@Variant")));
    // Two bodies ran: the gated ones; the budget that gates nothing stops its test before the body.
    assertThat(PlainTestBudgetTestCase.BODIES.get(), is(2));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  @ModelBudget(maxZipSize = "1 MB")
  static class ClassBudgetGatingNothingTestCase {
    @Test
    void unrelated() {}
  }

  @Test
  void classBudget_whoseTestsGetNoVariant_isAConfigurationError() {
    EngineExecutionResults results = run(ClassBudgetGatingNothingTestCase.class, false);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(
        message(results.allEvents().failed().list().get(0)),
        containsString("@ModelBudget on class ClassBudgetGatingNothingTestCase gates nothing"));
  }

  /**
   * The README's budget on a family that meets it: the baseline (here the large {@code bloated}) is
   * included, and its relative limits are not applicable to it, as in {@code modelbudget check}.
   */
  @ModelVariants(
      dir = MODELS,
      baseline = "bloated",
      include = {"bloated.tflite", "baseline.tflite", "small_drop.tflite"})
  @EvaluationData(path = DATA)
  static class ReadmeBudgetTestCase {
    @VariantTest
    @ModelBudget(
        minAccuracy = 0.97,
        maxAccuracyDrop = 0.005,
        significantDropsOnly = true,
        maxZipSize = "32 kB",
        minSizeReduction = "45%")
    void staysWithinBudget(ModelUnderTest model) {}
  }

  @Test
  void readmeBudget_relativeLimitsWithTheBaselineIncluded_passesOnAFamilyThatMeetsIt()
      throws IOException {
    Path dir = results.resolve("readme");
    EngineExecutionResults results = run(ReadmeBudgetTestCase.class, false, dir);

    assertNoFailures(results);
    results.testEvents().assertStatistics(stats -> stats.succeeded(3));
    VariantRecord baseline = onlyRecord(dir).variant("bloated").orElseThrow();
    assertThat(baseline.budgets().get(0).notApplicable(), hasSize(2));
    assertThat(baseline.budgets().get(0).checked(), hasSize(2));
  }

  @ModelVariants(
      dir = MODELS,
      include = {"baseline.tflite", "small_drop.tflite"})
  @EvaluationData(path = DATA)
  static class LatencyBudgetTestCase {
    @VariantTest
    @ModelBudget(maxLatencyP50 = "10 s")
    void fastEnough(ModelUnderTest model) {}

    @VariantTest
    @ModelBudget(maxLatencyP95 = "1 ns")
    void impossiblyFast(ModelUnderTest model) {}

    /** Evaluates, so the run record holds the variants (a latency budget alone needs no data). */
    @VariantTest
    @ModelBudget(minAccuracy = 0.5)
    void accurate(ModelUnderTest model) {}
  }

  @Test
  void latencyBudget_measuredOncePerModel_passesAndFails_andIsRecordedWithItsSettings()
      throws IOException {
    Path dir = results.resolve("latency");
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(LatencyBudgetTestCase.class))
            .configurationParameter("modelbudget.results.dir", dir.toString())
            .configurationParameter("modelbudget.latency.runs", "20")
            .execute();

    results.testEvents().assertStatistics(stats -> stats.succeeded(4).failed(2));
    assertThat(
        message(results.testEvents().failed().list().get(0)),
        allOf(containsString("latency p95 "), containsString("> 1 ns budget")));
    RunRecord record = onlyRecord(dir);
    VariantRecord baseline = record.variant("baseline").orElseThrow();
    assertThat(baseline.latency().orElseThrow().count(), is(20));
    assertThat(baseline.latency().orElseThrow().settings().orElseThrow().xnnpack(), is(true));
    assertThat(baseline.budgets(), hasSize(3));
    assertThat(
        baseline.budgets().stream().map(b -> b.declaredBy()).toList(),
        containsInAnyOrder(
            "LatencyBudgetTestCase.fastEnough",
            "LatencyBudgetTestCase.impossiblyFast",
            "LatencyBudgetTestCase.accurate"));
  }

  @Nested
  @DisplayName("misconfigured budgets and data")
  class Misconfiguration {

    @ModelVariants(dir = MODELS)
    @EvaluationData(path = DATA)
    static class BadUnitTestCase {
      @VariantTest
      @ModelBudget(maxZipSize = "8 parsecs")
      void never(ModelUnderTest model) {}
    }

    @Test
    void badUnit_isOneFailureBeforeAnyInvocation_namingTheAttributeAndValue() {
      EngineExecutionResults results = run(BadUnitTestCase.class, false);

      results.testEvents().assertStatistics(stats -> stats.started(0));
      List<Event> failures = results.allEvents().failed().list();
      assertThat(failures, hasSize(1));
      Event failure = failures.get(0);
      assertThat(
          message(failure),
          allOf(
              containsString("@ModelBudget on method never"),
              containsString("`maxZipSize` = \"8 parsecs\"")));
    }

    @ModelVariants(dir = MODELS)
    static class NoDataTestCase {
      @VariantTest
      @ModelBudget(minAccuracy = 0.9)
      void needsData(ModelUnderTest model) {}

      @VariantTest
      void evaluates(ModelUnderTest model) {
        model.evaluation();
      }
    }

    @Test
    void accuracyBudgetWithoutData_isAViolationAndEvaluationSaysWhatToDeclare() {
      List<Event> failures = run(NoDataTestCase.class, false).testEvents().failed().list();

      assertThat(failures, hasSize(8));
      assertThat(
          failures.stream()
              .map(ModelBudgetTest::message)
              .filter(m -> m.contains("accuracy"))
              .count(),
          is(4L));
      assertThat(
          failures.stream()
              .map(ModelBudgetTest::message)
              .filter(m -> m.contains("@EvaluationData"))
              .count(),
          is(4L));
    }

    @ModelVariants(dir = MODELS)
    @EvaluationData(path = "target/junit-fixtures/budget/absent.npz")
    static class MissingDataTestCase {
      @VariantTest
      void evaluates(ModelUnderTest model) {
        model.evaluation();
      }
    }

    @Test
    void missingDataFile_failsWithThePath() {
      Event failure = run(MissingDataTestCase.class, false).testEvents().failed().list().get(0);

      assertThat(
          message(failure),
          allOf(
              containsString("@EvaluationData `path` is 'target/junit-fixtures/budget/absent.npz'"),
              containsString("does not exist")));
    }

    @ModelVariants(dir = "target/junit-fixtures/mismatch")
    @EvaluationData(path = DATA)
    static class ShapeMismatchTestCase {
      @VariantTest
      void evaluates(ModelUnderTest model) {
        model.evaluation();
      }
    }

    @Test
    void dataThatDoesNotFitTheModel_failsShowingBothShapes() {
      Path dir = Path.of("target/junit-fixtures/mismatch");
      FixtureModels.deleteRecursively(dir);
      FixtureModels.denseSigmoid("baseline", 5, 1L).save(dir.resolve("baseline.tflite"));
      Event failure = run(ShapeMismatchTestCase.class, false).testEvents().failed().list().get(0);

      assertThat(message(failure), allOf(containsString("[8]"), containsString("5]")));
    }
  }
}
