package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.RegressionModels;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A linear regression model run in the real runtime on targets that differ from its outputs by
 * amounts the test chooses, so that every error metric is known in advance.
 */
class RegressionEvaluationTest {

  private static final float A = 0.75f;
  private static final float B = -0.25f;
  private static final int N = 200;

  /** Inputs in [-1, 1] and, per sample, the amount the target lies above the model's output. */
  private static final double[] X = new double[N];

  private static final double[] OFFSET = new double[N];

  static {
    SplittableRandom random = new SplittableRandom(15L);
    for (int i = 0; i < N; i++) {
      X[i] = (float) (random.nextDouble() * 2 - 1);
      OFFSET[i] = (float) ((random.nextDouble() - 0.5) * 0.2);
    }
    OFFSET[17] = 0.5f; // one outlier: the max error
  }

  static Dataset data() {
    float[] x = new float[N];
    float[] t = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) X[i];
      t[i] = (float) (A * X[i] + B + OFFSET[i]);
    }
    return Dataset.ofTargets("offsets", new int[] {1}, x, t, 1);
  }

  @Test
  void linearModel_knownOffsets_givesTheirErrors() {
    TfliteModel model = RegressionModels.linear("linear", new float[] {A}, new float[] {B});
    Dataset data = data();

    EvaluationResult result = Evaluator.defaults().withBatchSize(32).evaluate(model, data);

    double sumAbs = 0;
    double sumSq = 0;
    double max = 0;
    double meanT = 0;
    float[] t = data.targets();
    for (int i = 0; i < N; i++) {
      meanT += t[i] / (double) N;
    }
    double ssTot = 0;
    for (int i = 0; i < N; i++) {
      double e = Math.abs(OFFSET[i]);
      sumAbs += e;
      sumSq += e * e;
      max = Math.max(max, e);
      ssTot += (t[i] - meanT) * (t[i] - meanT);
    }
    RegressionMetrics m = result.regression().orElseThrow();
    assertThat(result.task(), is(Task.REGRESSION));
    assertThat(m.mae(), closeTo(sumAbs / N, 1e-6));
    assertThat(m.rmse(), closeTo(Math.sqrt(sumSq / N), 1e-6));
    assertThat(m.maxAbsError(), closeTo(0.5, 1e-6));
    assertThat(m.r2().orElseThrow(), closeTo(1 - sumSq / ssTot, 1e-5));
    assertThat(m.maeInterval().contains(m.mae()), is(true));
    assertThat(m.maeInterval().upper() - m.maeInterval().lower(), greaterThan(0.0));
    assertThat(Double.isNaN(result.accuracy()), is(true));
  }

  @Test
  void twoOutputs_eachOffsetOnItsOwn_givesPerOutputErrors() {
    TfliteModel model = RegressionModels.linear("two", new float[] {A, -A}, new float[] {B, 1f});
    float[] x = new float[N];
    float[] t = new float[2 * N];
    for (int i = 0; i < N; i++) {
      x[i] = (float) X[i];
      t[2 * i] = (float) (A * X[i] + B + 0.1); // output 0 always 0.1 low
      t[2 * i + 1] = (float) (-A * X[i] + 1 - 0.3); // output 1 always 0.3 high
    }
    Dataset data = Dataset.ofTargets("two", new int[] {1}, x, t, 2);

    RegressionMetrics m = Evaluator.defaults().evaluate(model, data).regression().orElseThrow();

    assertThat(m.outputs(), is(2));
    assertThat(m.perOutput().get(0).mae(), closeTo(0.1, 1e-5));
    assertThat(m.perOutput().get(1).mae(), closeTo(0.3, 1e-5));
    assertThat(m.mae(), closeTo(0.2, 1e-5));
    assertThat(m.rmse(), closeTo(Math.sqrt((0.01 + 0.09) / 2), 1e-5));
    assertThat(m.maxAbsError(), closeTo(0.3, 1e-5));
  }

  @Test
  void outputWidthOtherThanTargets_isDatasetMismatch() {
    TfliteModel model = RegressionModels.linear("two", new float[] {A, A}, new float[] {B, B});

    DatasetMismatchException e =
        assertThrows(
            DatasetMismatchException.class, () -> Evaluator.defaults().evaluate(model, data()));

    assertThat(e.getMessage(), containsString("predicts 2 values per sample"));
    assertThat(e.getMessage(), containsString("has 1 target per sample"));
  }

  @Test
  void wholeNumberFloatLabels_modelCannotScoreThemAsClasses_evaluatesAsRegression(
      @TempDir Path dir) {
    // Targets 0..4 stored as floats: five "classes" a one-wide output cannot score.
    float[] x = {0, 1, 2, 3, 4};
    float[] t = {0, 1, 2, 3, 4};
    Path file = dir.resolve("whole.npz");
    Datasets.writeNpz(Dataset.ofTargets("whole", new int[] {1}, x, t, 1), file);
    Dataset open = Datasets.load(file);
    TfliteModel identity = RegressionModels.linear("identity", new float[] {1}, new float[] {0});

    // Loaded from floats, the choice stays open: classification by default, targets kept.
    assertThat(open.task(), is(Task.CLASSIFICATION));
    assertThat(open.hasTargets(), is(true));
    EvaluationResult result = Evaluator.defaults().evaluate(identity, open);
    assertThat(result.task(), is(Task.REGRESSION));
    assertThat(result.regression().orElseThrow().mae(), closeTo(0, 1e-6));
    // Stated, classification stays classification: the model cannot score five classes.
    Dataset stated = open.withTask(Task.CLASSIFICATION);
    assertThrows(
        DatasetMismatchException.class, () -> Evaluator.defaults().evaluate(identity, stated));
  }

  @Test
  void wholeNumberFloatLabels_sigmoidModel_staysClassification(@TempDir Path dir) {
    Path file = dir.resolve("binary.npz");
    Datasets.writeNpz(
        Dataset.ofTargets(
            "binary", new int[] {2}, new float[] {0, -1, 0, 1}, new float[] {0, 1}, 1),
        file);

    EvaluationResult result =
        Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("x1", 2, 1), Datasets.load(file));

    assertThat(result.task(), is(Task.CLASSIFICATION));
    assertThat(result.accuracy(), is(1.0));
  }

  @Test
  void variantWithShiftedBias_comparedWithBaseline_hasSignificantIncreaseAndAgreement() {
    TfliteModel base = RegressionModels.linear("base", new float[] {A}, new float[] {B});
    TfliteModel shifted = RegressionModels.linear("shifted", new float[] {A}, new float[] {B + 1});
    Dataset data = data();
    EvaluationResult baseline = Evaluator.defaults().evaluate(base, data);
    EvaluationResult variant = Evaluator.defaults().evaluate(shifted, data);

    Comparison c = Comparison.of(baseline, variant);

    RegressionComparison r = c.regression().orElseThrow();
    assertThat(r.maeIncrease(), greaterThan(0.8));
    assertThat(r.wilcoxonP(), lessThan(1e-6));
    // Every output moved by 1, far beyond 1% of the targets' range.
    assertThat(c.agreementCount(), is(0L));
    assertThat(c.meanAbsOutputDifference(), closeTo(1, 1e-5));
    assertThat(Comparison.of(baseline, baseline).agreement(), is(1.0));
    assertThat(Comparison.of(baseline, baseline).regression().orElseThrow().wilcoxonP(), is(1.0));
  }

  @Test
  void regressionAgainstClassifierResult_isIncomparable() {
    Dataset classes =
        Dataset.of("c", new int[] {1}, new float[] {0, 1}, new int[] {0, 1}, List.of());
    TfliteModel linear = RegressionModels.linear("l", new float[] {1}, new float[] {0});
    EvaluationResult asClassifier = Evaluator.defaults().evaluate(linear, classes);
    EvaluationResult asRegression =
        Evaluator.defaults().evaluate(linear, classes.withTask(Task.REGRESSION));

    IncomparableResultsException e =
        assertThrows(
            IncomparableResultsException.class, () -> Comparison.of(asClassifier, asRegression));

    assertThat(asRegression.regression().orElseThrow().mae(), equalTo(0.0));
    assertThat(e.getMessage(), containsString("different datasets"));
  }
}
