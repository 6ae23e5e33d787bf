package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modelbudget.harness.eval.OutputActivation;
import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code @EvaluationData(activation = …)} reaches the evaluation and the run record. */
class EvaluationDataActivationTest {

  static final String MODELS = "target/junit-fixtures/activation/models";
  static final String DATA = "target/junit-fixtures/activation/data.npz";

  @TempDir static Path results;

  @BeforeAll
  static void writeFixtures() {
    new BudgetFixtures().write(Path.of(MODELS), Path.of(DATA));
  }

  @ModelVariants(
      dir = MODELS,
      exclude = {"big_drop.tflite", "bloated.tflite", "small_drop.tflite"})
  @EvaluationData(path = DATA, activation = OutputActivation.LOGITS)
  static class StatedLogitsTestCase {
    @VariantTest
    void readAsLogits(ModelUnderTest model) {
      assertThat(model.evaluation().activation(), is(OutputActivation.LOGITS));
      assertThat(model.evaluation().activationSource(), is(OutputActivation.Source.STATED));
    }
  }

  @ModelVariants(
      dir = MODELS,
      exclude = {"big_drop.tflite", "bloated.tflite", "small_drop.tflite"})
  @EvaluationData(path = DATA)
  static class InferredTestCase {
    @VariantTest
    void readAsSigmoidProbabilities(ModelUnderTest model) {
      assertThat(model.evaluation().activation(), is(OutputActivation.PROBABILITIES));
      assertThat(model.evaluation().activationSource(), is(OutputActivation.Source.INFERRED));
    }
  }

  private static EvaluationSummary recorded(Class<?> testCase) throws IOException {
    Path dir = results.resolve(testCase.getSimpleName());
    EngineExecutionResults run =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(testCase))
            .configurationParameter("modelbudget.results.dir", dir.toString())
            .execute();
    assertThat(
        run.allEvents().failed().stream()
            .map(
                e ->
                    e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse(""))
            .toList(),
        is(empty()));
    run.testEvents().assertStatistics(stats -> stats.succeeded(1));
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> records = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(records, hasSize(1));
      RunRecord record = RunRecords.read(records.get(0));
      return record.variants().get(0).evaluation();
    }
  }

  @Test
  void statedLogits_evaluatedAsLogitsAndRecordedAsStated() throws IOException {
    EvaluationSummary stated = recorded(StatedLogitsTestCase.class);
    EvaluationSummary inferred = recorded(InferredTestCase.class);

    assertThat(stated.activation(), is(OutputActivation.LOGITS));
    assertThat(stated.activationSource(), is(OutputActivation.Source.STATED));
    assertThat(inferred.activation(), is(OutputActivation.PROBABILITIES));
    assertThat(inferred.activationSource(), is(OutputActivation.Source.INFERRED));
    // A second sigmoid squeezes every probability towards 1/2: the loss grows.
    assertThat(stated.logLoss(), greaterThan(inferred.logLoss()));
  }
}
