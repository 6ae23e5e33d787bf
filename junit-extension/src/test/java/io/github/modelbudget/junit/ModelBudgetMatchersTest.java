package io.github.modelbudget.junit;

import static io.github.modelbudget.junit.ModelBudgetMatchers.accuracyAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.accuracyDropAtMost;
import static io.github.modelbudget.junit.ModelBudgetMatchers.agreesWithBaselineAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.gzippedSizeAtMost;
import static io.github.modelbudget.junit.ModelBudgetMatchers.hasAccuracyAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.hasInt8Weights;
import static io.github.modelbudget.junit.ModelBudgetMatchers.smallerThanBaselineBy;
import static io.github.modelbudget.junit.ModelBudgetMatchers.sparsityAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.zipSizeAtMost;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;
import java.util.Optional;
import org.hamcrest.Matcher;
import org.hamcrest.StringDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The matchers on real evaluations of the budget fixtures, and their descriptions. */
class ModelBudgetMatchersTest {

  static final BudgetFixtures FIXTURES = new BudgetFixtures();
  static Fixture baseline;
  static Fixture bigDrop;

  /** A variant evaluated directly with the harness, outside any extension. */
  record Fixture(
      String name,
      TfliteModel model,
      EvaluationResult evaluation,
      Comparison comparison,
      ModelSizes baselineSizes)
      implements ModelUnderTest {
    @Override
    public boolean isBaseline() {
      return name.equals("baseline");
    }

    @Override
    public ModelInfo info() {
      return model.inspect();
    }

    @Override
    public ModelSizes sizes() {
      return ModelSizes.of(model);
    }
  }

  @BeforeAll
  static void evaluate() {
    Dataset data =
        Dataset.of(
            "fixture",
            new int[] {BudgetFixtures.FEATURES},
            FIXTURES.features,
            FIXTURES.labels,
            List.of());
    java.nio.file.Path dir = java.nio.file.Path.of("target/junit-fixtures/matchers");
    FIXTURES.write(dir, dir.resolve("data.npz"));
    TfliteModel base = TfliteModel.read(dir.resolve("baseline.tflite"));
    TfliteModel big = TfliteModel.read(dir.resolve("big_drop.tflite"));
    Evaluator evaluator = Evaluator.defaults();
    EvaluationResult baseResult = evaluator.evaluate(base, data);
    EvaluationResult bigResult = evaluator.evaluate(big, data);
    ModelSizes baseSizes = ModelSizes.of(base);
    baseline =
        new Fixture("baseline", base, baseResult, Comparison.of(baseResult, baseResult), baseSizes);
    bigDrop =
        new Fixture("big_drop", big, bigResult, Comparison.of(baseResult, bigResult), baseSizes);
  }

  private static <T> String mismatch(Matcher<T> matcher, T item) {
    StringDescription description = new StringDescription();
    matcher.describeMismatch(item, description);
    return description.toString();
  }

  @Test
  void hasAccuracyAtLeast_describesItselfAndTheMismatchWithTheInterval() {
    Matcher<ModelUnderTest> matcher = hasAccuracyAtLeast(0.9);

    assertThat(baseline, matcher);
    assertThat(bigDrop, not(matcher));
    assertThat(StringDescription.toString(matcher), is("a model with accuracy at least 0.9000"));
    assertThat(
        mismatch(matcher, bigDrop),
        allOf(
            containsString("accuracy of 'big_drop' was 0."),
            containsString("95% CI"),
            containsString("on 400 samples")));
    assertThat(bigDrop.evaluation(), not(accuracyAtLeast(0.9)));
  }

  @Test
  void accuracyDropAtMost_showsBothAccuraciesAndTheDiscordantPairs() {
    Matcher<Comparison> matcher = accuracyDropAtMost(0.01);

    assertThat(baseline.comparison(), matcher);
    assertThat(bigDrop.comparison(), not(matcher));
    assertThat(
        mismatch(matcher, bigDrop.comparison()),
        allOf(
            containsString("accuracy drop "),
            containsString("> 1.00% budget"),
            containsString("100.00% →"),
            containsString("McNemar p"),
            containsString("right only in the baseline")));
  }

  static class HalfAPointBudget {
    @ModelBudget(maxAccuracyDrop = 0.005)
    void budgeted() {}
  }

  @Test
  void accuracyDropAtMost_agreesWithTheSameModelBudgetLimit_onAnExactHalfPointDrop()
      throws NoSuchMethodException {
    // 197 → 196 right of 200: 0.985 → 0.980, a drop that is 0.005 in decimal but not in binary.
    Comparison halfAPoint =
        new Comparison(
            "baseline",
            "quantized",
            200,
            197 / 200.0,
            196 / 200.0,
            199,
            1,
            0,
            1.0,
            0.01,
            0.2,
            Optional.empty());
    Budget budget =
        BudgetDeclarations.forMethod(
                HalfAPointBudget.class.getDeclaredMethod("budgeted"), HalfAPointBudget.class, 0.05)
            .orElseThrow();

    BudgetOutcome outcome =
        BudgetCheck.check(budget, Measurements.of("quantized").withComparison(halfAPoint));

    assertThat(outcome.passed(), is(true));
    assertThat(halfAPoint, accuracyDropAtMost(0.005));
    assertThat(
        new Comparison(
            "baseline",
            "quantized",
            200,
            197 / 200.0,
            195 / 200.0,
            198,
            2,
            0,
            0.5,
            0.01,
            0.2,
            Optional.empty()),
        not(accuracyDropAtMost(0.005)));
  }

  @Test
  void agreesWithBaselineAtLeast_countsTheAgreeingSamples() {
    Matcher<Comparison> matcher = agreesWithBaselineAtLeast(0.99);

    assertThat(baseline.comparison(), matcher);
    assertThat(mismatch(matcher, bigDrop.comparison()), containsString("of 400 samples"));
  }

  @Test
  void sizeMatchers_parseUnitsAndShowTheOverage() {
    long zip = baseline.sizes().zip();

    assertThat(baseline, zipSizeAtMost(zip + " B"));
    assertThat(baseline, not(zipSizeAtMost((zip - 1) + " B")));
    assertThat(mismatch(zipSizeAtMost((zip - 1) + " B"), baseline), containsString("1 over"));
    assertThat(baseline, gzippedSizeAtMost("1 MB"));
    assertThat(
        StringDescription.toString(gzippedSizeAtMost("8 kB")), containsString("(8000 bytes)"));
  }

  @Test
  void smallerThanBaselineBy_comparesZipSizes() {
    Matcher<ModelUnderTest> matcher = smallerThanBaselineBy("10%");

    assertThat(bigDrop, not(matcher));
    assertThat(mismatch(matcher, bigDrop), containsString("of the baseline's"));
  }

  @Test
  void sparsityAndInt8_readTheInspection() {
    assertThat(baseline, not(sparsityAtLeast(0.5)));
    assertThat(mismatch(sparsityAtLeast(0.5), baseline), containsString("nonzero"));
    assertThat(baseline, not(hasInt8Weights()));
    assertThat(mismatch(hasInt8Weights(), baseline), containsString("dense/kernel (FLOAT32)"));

    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 2);
    TensorRef w =
        b.quantizedConstant(
            "w",
            TensorType.INT8,
            new byte[] {1, 0, 3, 4},
            QuantizationInfo.perChannel(0, 0.1f, 0.2f),
            2,
            2);
    TensorRef bias = b.constant("b", new float[] {0, 0}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 2);
    b.fullyConnected(x, w, bias, y, io.github.modelbudget.harness.format.Activation.NONE).output(y);
    TfliteModel hybrid = b.build("hybrid");
    Fixture quantized =
        new Fixture(
            "hybrid",
            hybrid,
            baseline.evaluation(),
            baseline.comparison(),
            baseline.baselineSizes());
    assertThat(quantized, hasInt8Weights());
    assertThat(quantized, sparsityAtLeast(1.0 / 6));
  }
}
