package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension under JUnit's parallel execution: three test classes over four variants, run with 8
 * threads, give exactly the outcomes and the run record of a sequential run, and evaluate each
 * model once.
 */
class ParallelStressTest {

  static final String MODELS = "target/junit-fixtures/stress/models";
  static final String DATA = "target/junit-fixtures/stress/data.npz";

  private static final int PARALLEL_ROUNDS = 3;
  private static final List<Class<?>> CLASSES =
      List.of(AccuracyTestCase.class, AgreementTestCase.class, BudgetTestCase.class);

  @TempDir static Path results;

  @BeforeAll
  static void writeFixtures() {
    new BudgetFixtures().write(Path.of(MODELS), Path.of(DATA));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class AccuracyTestCase {
    @VariantTest
    void samples(ModelUnderTest model) {
      assertThat(model.evaluation().sampleCount(), is(BudgetFixtures.SAMPLES));
    }

    @VariantTest
    @ModelBudget(minAccuracy = 0.9)
    void accurate(ModelUnderTest model) {}

    @VariantTest
    @ModelBudget(maxAccuracyDrop = 0.05)
    void smallDrop(ModelUnderTest model) {}
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class AgreementTestCase {
    @VariantTest
    void comparedWithBaseline(ModelUnderTest model) {
      assertThat(model.comparison().sampleCount(), is(BudgetFixtures.SAMPLES));
    }

    @VariantTest
    void mostlyAgrees(ModelUnderTest model) {
      assertThat(model.comparison().agreement(), greaterThan(0.9));
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class BudgetTestCase {
    @VariantTest
    @ModelBudget(maxZipSize = "4 kB")
    void small(ModelUnderTest model) {}

    @VariantTest
    @ModelBudget(minAccuracy = 0.5, maxAccuracyDrop = 0.2)
    void lenient(ModelUnderTest model) {}
  }

  /** What one engine run produced, with everything that may differ between runs taken out. */
  private record Outcome(
      Map<String, String> testResults, List<String> evaluatedModels, JsonNode record) {}

  private static Outcome run(boolean parallel, String name) throws IOException {
    Path dir = results.resolve(name);
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(
                CLASSES.stream()
                    .map(c -> selectClass(c))
                    .toArray(n -> new org.junit.platform.engine.DiscoverySelector[n]))
            .configurationParameter("modelbudget.results.dir", dir.toString())
            .configurationParameter(
                "junit.jupiter.execution.parallel.enabled", Boolean.toString(parallel))
            .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
            .configurationParameter(
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
            .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
            .configurationParameter(
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "8")
            .execute();
    Map<String, String> testResults =
        results.testEvents().finished().stream()
            .collect(
                Collectors.toMap(
                    e -> e.getTestDescriptor().getUniqueId().toString(),
                    ParallelStressTest::resultOf,
                    (a, b) -> a + " | " + b,
                    TreeMap::new));
    List<String> evaluated =
        results.allEvents().reportingEntryPublished().stream()
            .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
            .filter(pairs -> pairs.containsKey(EvaluatedVariant.EVALUATED_ENTRY))
            .map(pairs -> pairs.get(EvaluatedVariant.EVALUATED_ENTRY))
            .toList();
    return new Outcome(testResults, evaluated, onlyRecord(dir));
  }

  private static String resultOf(Event event) {
    TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
    return result.getStatus() + result.getThrowable().map(t -> ": " + t.getMessage()).orElse("");
  }

  /** Reads the one run record and blanks what legitimately differs: ids, clocks and speeds. */
  private static JsonNode onlyRecord(Path dir) throws IOException {
    List<Path> records;
    try (Stream<Path> files = Files.list(dir)) {
      records = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
    }
    assertThat(records, hasSize(1));
    JsonNode tree = new ObjectMapper().readTree(RunRecords.toJson(RunRecords.read(records.get(0))));
    blank(tree);
    return tree;
  }

  private static void blank(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (String field : List.of("runId", "timestamp", "samplesPerSecond", "latency")) {
        if (object.has(field)) {
          object.put(field, "(varies)");
        }
      }
    }
    node.forEach(ParallelStressTest::blank);
  }

  @Test
  void threeClassesOverFourVariants_parallelWithEightThreads_matchSequentialRun()
      throws IOException {
    Outcome sequential = run(false, "sequential");
    assertThat(sequential.testResults().size(), is(7 * 4));
    assertThat(
        sequential.testResults().values().stream().filter(r -> !r.startsWith("SUCCESSFUL")).count(),
        greaterThan(0L));

    for (int round = 1; round <= PARALLEL_ROUNDS; round++) {
      Outcome parallel = run(true, "parallel-" + round);

      assertThat("round " + round, parallel.testResults(), equalTo(sequential.testResults()));
      assertThat("round " + round, parallel.record(), equalTo(sequential.record()));
      assertThat(
          "round " + round,
          parallel.evaluatedModels(),
          containsInAnyOrder("baseline", "small_drop", "big_drop", "bloated"));
    }
    assertThat(
        sequential.evaluatedModels(),
        containsInAnyOrder("baseline", "small_drop", "big_drop", "bloated"));
  }

  @Test
  void processIsolation_sameClasses_matchInProcessRun() throws IOException {
    Outcome inProcess = run(false, "in-process");
    Path dir = results.resolve("isolated");
    EngineExecutionResults isolated =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(AccuracyTestCase.class))
            .configurationParameter("modelbudget.results.dir", dir.toString())
            .configurationParameter("modelbudget.isolation", "process")
            .execute();

    Map<String, String> isolatedResults =
        isolated.testEvents().finished().stream()
            .collect(
                Collectors.toMap(
                    e -> e.getTestDescriptor().getUniqueId().toString(),
                    ParallelStressTest::resultOf,
                    (a, b) -> a + " | " + b,
                    TreeMap::new));
    assertThat(isolatedResults.entrySet(), hasSize(3 * 4));
    assertThat(
        isolatedResults.entrySet().stream()
            .filter(e -> !inProcess.testResults().get(e.getKey()).equals(e.getValue()))
            .toList(),
        is(empty()));
    JsonNode record = onlyRecord(dir);
    assertThat(record.get("environment").get("backend").asText(), is("tflite-isolated"));
    for (int v = 0; v < 4; v++) {
      assertThat(
          record.get("variants").get(v).get("evaluation"),
          equalTo(inProcess.record().get("variants").get(v).get("evaluation")));
    }
  }
}
