package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hamcrest.Description;
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
 * {@code @ModelBudget(minTopKAccuracy, maxTopKAccuracyDrop, topK)} on two 1001-way classifiers in
 * the real runtime. Class {@code c} scores {@code w_c · x}: the baseline's {@code w_c = 0.01 c}, so
 * at {@code x = 1} a label's rank (classes scored higher) is {@code 1000 − label} and at {@code x =
 * −1} it is the label; the variant moves class 996 below 991. On the 86 samples below the baseline
 * has 52 top-5 hits and 81 top-10 hits, the variant 42 and 81, with 30 samples only the baseline
 * has in its top 5 and 20 only the variant (McNemar p = 0.20).
 */
class TopKBudgetTest {

  static final String MODELS = "target/junit-fixtures/topk/models";
  static final String DATA = "target/junit-fixtures/topk/data.npz";
  static final int CLASSES = 1001;

  /** (input, label, count): ranks 0, 1, 4, 5, 717 at x = 1 and 0, 4, 5, 283 at x = −1. */
  private static final int[][] GROUPS = {
    {1, 1000, 7},
    {1, 999, 5},
    {1, 996, 30},
    {1, 995, 20},
    {1, 283, 3},
    {-1, 0, 6},
    {-1, 4, 4},
    {-1, 5, 9},
    {-1, 283, 2}
  };

  @TempDir static Path results;

  private static final AtomicInteger RUNS = new AtomicInteger();

  @BeforeAll
  static void writeFixtures() {
    FixtureModels.deleteRecursively(Path.of(MODELS));
    float[] baseline = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      baseline[c] = 0.01f * c;
    }
    float[] variant = baseline.clone();
    variant[996] = 9.905f;
    classifier("baseline", baseline).save(Path.of(MODELS, "baseline.tflite"));
    classifier("pruned", variant).save(Path.of(MODELS, "pruned.tflite"));
    List<Float> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int[] group : GROUPS) {
      for (int i = 0; i < group[2]; i++) {
        x.add((float) group[0]);
        y.add(group[1]);
      }
    }
    float[] features = new float[x.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = x.get(i);
    }
    Datasets.writeNpz(
        Dataset.of(
            "data.npz",
            new int[] {1},
            features,
            y.stream().mapToInt(Integer::intValue).toArray(),
            List.of()),
        Path.of(DATA));
  }

  private static TfliteModel classifier(String name, float[] weights) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("dense/kernel", weights, CLASSES, 1);
    TensorRef bias = b.constant("dense/bias", new float[CLASSES], CLASSES);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, CLASSES);
    TensorRef p = b.tensor("predictions", TensorType.FLOAT32, -1, CLASSES);
    b.fullyConnected(x, w, bias, logits, Activation.NONE).softmax(logits, p, 1f).output(p);
    return b.build(name);
  }

  private static EngineExecutionResults run(Class<?> testCase) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testCase))
        .configurationParameter(
            "modelbudget.results.dir",
            results.resolve(testCase.getSimpleName() + "-" + RUNS.incrementAndGet()).toString())
        .execute();
  }

  private static String message(Event event) {
    return event
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  private static String failureOf(EngineExecutionResults results, String variant) {
    return results.testEvents().failed().stream()
        .filter(e -> e.getTestDescriptor().getDisplayName().contains(variant))
        .map(TopKBudgetTest::message)
        .findFirst()
        .orElse("");
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  @ModelBudget(topK = 10)
  static class TopTenTestCase {
    @VariantTest
    @ModelBudget(minTopKAccuracy = 0.9, maxTopKAccuracyDrop = 0.01)
    void staysWithinTopTen(ModelUnderTest model) {
      // A model scoring 1001 classes has 1001 classes, whichever few the labels use.
      assertThat(model.evaluation().classNames().size(), is(CLASSES));
      assertThat(model, ModelBudgetMatchers.hasTopKAccuracyAtLeast(10, 0.9));
    }
  }

  @Test
  void topKFromTheClass_refinedLimitsOnTheMethod_pass() {
    EngineExecutionResults results = run(TopTenTestCase.class);

    assertThat(
        results.allEvents().failed().stream().map(TopKBudgetTest::message).toList(), is(empty()));
    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class TopFiveTestCase {
    @VariantTest
    @ModelBudget(minTopKAccuracy = 0.55, maxTopKAccuracyDrop = 0.05)
    void staysWithinTopFive(ModelUnderTest model) {}
  }

  @Test
  void topFiveByDefault_failsTheVariantWithEveryViolation_andHoldsTheBaselineToTheFloorOnly() {
    EngineExecutionResults results = run(TopFiveTestCase.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    assertThat(
        failureOf(results, "pruned"),
        allOf(
            containsString("top-5 accuracy 48.84% (42 of 86 samples) < 55.00% budget"),
            containsString(
                "top-5 accuracy drop 11.63% > 5.00% budget (top-5 accuracy 60.47% → 48.84%;"
                    + " McNemar p = 0.2026 on the top-5 hits, not significant at α = 0.05)")));
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = DATA)
  static class SignificantOnlyTestCase {
    @VariantTest(includeBaseline = false)
    @ModelBudget(maxTopKAccuracyDrop = 0.05, significantDropsOnly = true)
    void dropIsNotSignificant(ModelUnderTest model) {}
  }

  @Test
  void topKDropThatMcNemarCallsNoise_passesWithSignificantDropsOnly() {
    EngineExecutionResults results = run(SignificantOnlyTestCase.class);

    assertThat(
        results.allEvents().failed().stream().map(TopKBudgetTest::message).toList(), is(empty()));
    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void topKMatcher_describesItself_andTheMismatchWithTheNumbers() {
    float[] weights = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      weights[c] = 0.01f * c;
    }
    // Labels 1000, 996 and 995 at x = 1: ranks 0, 4 and 5.
    EvaluationResult result =
        Evaluator.defaults()
            .evaluate(
                classifier("m", weights),
                Dataset.of(
                    "three.npz",
                    new int[] {1},
                    new float[] {1, 1, 1},
                    new int[] {1000, 996, 995},
                    List.of()));
    Matcher<EvaluationResult> matcher = ModelBudgetMatchers.topKAccuracyAtLeast(5, 0.9);

    assertThat(
        StringDescription.toString(matcher),
        is("an evaluation with top-5 accuracy at least 0.9000"));
    assertThat(matcher.matches(result), is(false));
    assertThat(ModelBudgetMatchers.topKAccuracyAtLeast(6, 0.9).matches(result), is(true));
    Description mismatch = new StringDescription();
    matcher.describeMismatch(result, mismatch);
    assertThat(
        mismatch.toString(),
        is(
            "top-5 accuracy 66.67% (2 of 3 samples) < 90.00% budget: top-5 accuracy of 'm' was"
                + " 0.6667 (95% CI 0.2077–0.9385) over 1,001 classes"));
  }

  @Nested
  @DisplayName("a bad topK")
  class BadTopK {

    @ModelVariants(dir = MODELS)
    @EvaluationData(path = DATA)
    static class ZeroTopKTestCase {
      static final AtomicInteger BODIES = new AtomicInteger();

      @VariantTest
      @ModelBudget(minTopKAccuracy = 0.5, topK = 0)
      void never(ModelUnderTest model) {
        BODIES.incrementAndGet();
      }
    }

    @Test
    void isOneConfigurationFailure_andNoInvocation() {
      ZeroTopKTestCase.BODIES.set(0);
      EngineExecutionResults results = run(ZeroTopKTestCase.class);

      List<String> failures =
          results.allEvents().failed().stream().map(TopKBudgetTest::message).toList();
      assertThat(failures.size(), is(1));
      assertThat(failures.get(0), containsString("has `topK` = 0 but it must be at least 1"));
      assertThat(ZeroTopKTestCase.BODIES.get(), is(0));
    }
  }
}
