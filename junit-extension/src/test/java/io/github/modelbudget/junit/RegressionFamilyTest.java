package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.RegressionComparison;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A regression family gated by {@code @ModelBudget}: linear models {@code y = a·x + b} on targets
 * with noise, a "noisy" variant whose slope moves a little (an MAE increase that is noise) and a
 * "shifted" one whose bias moves (a real increase).
 */
class RegressionFamilyTest {

  static final String MODELS = "target/junit-fixtures/regression/models";
  static final String DATA = "target/junit-fixtures/regression/data.npz";

  private static final float A = 0.75f;
  private static final float B = -0.25f;

  @TempDir static Path results;

  @BeforeAll
  static void writeFixtures() throws IOException {
    SplittableRandom random = new SplittableRandom(2026L);
    int n = 60;
    float[] x = new float[n];
    float[] t = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
      t[i] = A * x[i] + B + (float) ((random.nextDouble() - 0.5) * 0.4);
    }
    Datasets.writeNpz(Dataset.ofTargets("noisy targets", new int[] {1}, x, t, 1), Path.of(DATA));
    Path dir = Files.createDirectories(Path.of(MODELS));
    write(dir, linear("baseline", A, B));
    write(dir, linear("noisy", A - 0.03f, B));
    write(dir, linear("shifted", A, B + 0.15f));
  }

  private static void write(Path dir, TfliteModel model) {
    try {
      Files.write(dir.resolve(model.name() + ".tflite"), model.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TfliteModel linear(String name, float slope, float intercept) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("dense/kernel", new float[] {slope}, 1, 1);
    TensorRef bias = b.constant("dense/bias", new float[] {intercept}, 1);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, y, Activation.NONE).output(y);
    return b.build(name);
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class SignificantOnlyTestCase {
    @VariantTest
    @ModelBudget(maxMae = "0.5", maxMaeIncrease = "0%", significantDropsOnly = true)
    void staysWithinErrorBudget(ModelUnderTest model) {
      assertThat(model.evaluation().task(), is(Task.REGRESSION));
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class EveryIncreaseTestCase {
    @VariantTest
    @ModelBudget(maxMaeIncrease = "0%")
    void staysWithinErrorBudget(ModelUnderTest model) {}
  }

  @ModelVariants(dir = MODELS, exclude = "shifted.tflite")
  @EvaluationData(path = DATA, task = "REGRESSION")
  static class ComparisonTestCase {
    @VariantTest
    void noiseIsNotSignificant(ModelUnderTest model) {
      RegressionComparison r = model.comparison().regression().orElseThrow();
      if (!model.isBaseline()) {
        assertThat(r.maeIncrease(), greaterThan(0.0));
        assertThat(r.wilcoxonP(), greaterThan(0.05));
      } else {
        assertThat(r.wilcoxonP(), is(1.0));
      }
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA, task = "classification")
  static class StatedClassificationTestCase {
    @VariantTest
    void evaluates(ModelUnderTest model) {
      // The data is loaded when a test first asks for an evaluation.
      model.evaluation();
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA, task = "ranking")
  static class UnknownTaskTestCase {
    @VariantTest
    void evaluates(ModelUnderTest model) {
      // The data is loaded when a test first asks for an evaluation.
      model.evaluation();
    }
  }

  private static EngineExecutionResults run(Class<?> testCase) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testCase))
        .configurationParameter(
            "modelbudget.results.dir", results.resolve(testCase.getSimpleName()).toString())
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

  @Test
  void significantOnly_noisePasses_realIncreaseFails() {
    EngineExecutionResults results = run(SignificantOnlyTestCase.class);

    assertThat(
        results.testEvents().succeeded().map(RegressionFamilyTest::displayName).toList(),
        containsInAnyOrder("[baseline]", "[noisy]"));
    Event failure = results.testEvents().failed().list().get(0);
    assertThat(displayName(failure), is("[shifted]"));
    assertThat(
        message(failure),
        allOf(
            containsString("variant 'shifted' is over its budget"),
            containsString("MAE increase"),
            containsString("Wilcoxon signed-rank p =")));
  }

  @Test
  void withoutSignificantOnly_theNoisyVariantFailsToo() {
    EngineExecutionResults results = run(EveryIncreaseTestCase.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2));
  }

  @Test
  void statedTask_comparisonCarriesThePairedTest() {
    EngineExecutionResults results = run(ComparisonTestCase.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
  }

  @Nested
  @DisplayName("a bad task")
  class BadTask {

    @Test
    void classificationOnFractionalTargets_failsNamingTheAttributeAndTheFile() {
      EngineExecutionResults results = run(StatedClassificationTestCase.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(0).failed(3));
      String failures =
          String.join(
              "\n", results.allEvents().failed().map(RegressionFamilyTest::message).toList());
      assertThat(
          failures,
          allOf(
              containsString("@EvaluationData `task` is 'classification'"),
              containsString("data.npz"),
              containsString("classification needs whole")));
    }

    @Test
    void unknownTask_failsListingTheValidOnes() {
      EngineExecutionResults results = run(UnknownTaskTestCase.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(0).failed(3));
      String failures =
          String.join(
              "\n", results.allEvents().failed().map(RegressionFamilyTest::message).toList());
      assertThat(failures, containsString("expected 'classification' or 'regression'"));
      assertThat(failures.length(), lessThan(2000));
    }
  }

  @Nested
  @DisplayName("regression matchers")
  class Matchers {

    private EvaluationResult evaluate(String model) {
      return Evaluator.defaults()
          .evaluate(
              TfliteModel.read(Path.of(MODELS, model + ".tflite")), Datasets.load(Path.of(DATA)));
    }

    @Test
    void maeAtMost_describesItselfAndTheMismatch() {
      EvaluationResult shifted = evaluate("shifted");
      double mae = shifted.regression().orElseThrow().mae();
      Matcher<EvaluationResult> tight = ModelBudgetMatchers.maeAtMost(mae - 0.001);

      StringDescription mismatch = new StringDescription();
      tight.describeMismatch(shifted, mismatch);

      assertThat(ModelBudgetMatchers.maeAtMost(mae + 0.001).matches(shifted), is(true));
      assertThat(tight.matches(shifted), is(false));
      assertThat(
          StringDescription.toString(ModelBudgetMatchers.maeAtMost(0.05)),
          is("a regression evaluation with MAE at most 0.05000"));
      assertThat(
          mismatch.toString(), allOf(containsString("MAE "), containsString("'shifted' had RMSE")));
    }

    @Test
    void maeIncreaseAtMost_relativeLimit_agreesWithTheBudgetRule() {
      EvaluationResult baseline = evaluate("baseline");
      Comparison shifted = Comparison.of(baseline, evaluate("shifted"));
      double relative = shifted.regression().orElseThrow().relativeMaeIncrease();

      assertThat(
          shifted,
          ModelBudgetMatchers.maeIncreaseAtMost(
              String.format(java.util.Locale.ROOT, "%.3f%%", relative * 100 + 1)));
      assertThat(
          ModelBudgetMatchers.maeIncreaseAtMost(
                  String.format(java.util.Locale.ROOT, "%.3f%%", relative * 100 - 1))
              .matches(shifted),
          is(false));
    }
  }
}
