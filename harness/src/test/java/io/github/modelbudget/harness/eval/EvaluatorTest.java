package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The evaluator on models and datasets whose outcome is known by construction. */
class EvaluatorTest {

  private static final List<String> ABC = List.of("a", "b", "c");
  private static final int[][] CONFUSION = {{5, 1, 0}, {2, 6, 1}, {0, 0, 4}};

  @ParameterizedTest(name = "threads={0}, batch={1}, xnnpack={2}")
  @CsvSource({"1, 1, true", "2, 7, true", "2, 64, false", "3, 16, false"})
  void binaryModel_rightOnKnownSamples_hasExactAccuracy(int threads, int batch, boolean xnnpack) {
    // The model watching feature 0 is right on bothRight + firstOnly = 62 of 70 samples.
    Dataset data = EvalFixtures.paired("paired", 50, 12, 3, 5);
    TfliteModel model = EvalFixtures.binaryWatching("x0", 2, 0);

    EvaluationResult result =
        Evaluator.defaults()
            .withThreads(threads)
            .withBatchSize(batch)
            .withXnnpack(xnnpack)
            .evaluate(model, data);

    assertThat(result.sampleCount(), is(70));
    assertThat(result.correctCount(), is(62L));
    assertThat(result.accuracy(), is(62 / 70.0));
    Interval expected = Statistics.wilson(62, 70, Statistics.Z_95);
    assertThat(result.accuracyInterval(), is(expected));
    assertThat(result.outputWidth(), is(1));
    assertThat(result.activation(), is(OutputActivation.PROBABILITIES));
    assertThat(result.nonFiniteOutputs(), is(0));
    assertThat(result.samplesPerSecond(), greaterThan(0.0));
  }

  @Test
  void converterStyleDynamicBatch_resizedPerBatch_hasExactAccuracy() {
    Dataset pairs = EvalFixtures.paired("paired", 50, 12, 3, 5);
    float[] flat = pairs.features(0, pairs.size());
    float[] padded = new float[pairs.size() * 4];
    for (int i = 0; i < pairs.size(); i++) {
      padded[i * 4] = flat[i * 2];
      padded[i * 4 + 3] = flat[i * 2 + 1];
    }
    Dataset images =
        Dataset.of("paired-2x2", new int[] {2, 2}, padded, pairs.labels(), pairs.classNames());

    // 70 samples in batches of 16: the last batch has 6, so the model is resized twice.
    EvaluationResult result =
        Evaluator.defaults()
            .withThreads(2)
            .withBatchSize(16)
            .evaluate(EvalFixtures.converterStyle("converted"), images);

    assertThat(result.correctCount(), is(62L));
  }

  @Test
  void binaryModel_outputsAndLogLoss_matchJavaArithmetic() {
    Dataset data = EvalFixtures.paired("paired", 50, 12, 3, 5);
    EvaluationResult result =
        Evaluator.defaults()
            .withBatchSize(8)
            .evaluate(EvalFixtures.binaryWatching("x0", 2, 0), data);

    float[] outputs = result.outputs();
    double lossSum = 0;
    for (int i = 0; i < data.size(); i++) {
      double p = EvalFixtures.sigmoid(EvalFixtures.GAIN * data.features(i, i + 1)[0]);
      assertThat("sample " + i, (double) outputs[i], closeTo(p, 1e-5));
      assertThat(result.prediction(i), is(p >= 0.5 ? 1 : 0));
      lossSum -= Math.log(data.label(i) == 1 ? p : 1 - p);
    }
    assertThat(result.logLoss(), closeTo(lossSum / data.size(), 1e-4));
  }

  @Test
  void binaryModel_confusionAndPerClassMetrics_countedFromKnownSamples() {
    // 70 samples, labels alternate; the 8 wrong ones are samples 50..61 minus 62..64 etc.
    Dataset data = EvalFixtures.paired("paired", 50, 12, 3, 5);
    EvaluationResult result =
        Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("x0", 2, 0), data);

    int[] labels = data.labels();
    long[][] expected = new long[2][2];
    for (int i = 0; i < labels.length; i++) {
      boolean right = i < 62;
      expected[labels[i]][right ? labels[i] : 1 - labels[i]]++;
    }
    for (int a = 0; a < 2; a++) {
      for (int p = 0; p < 2; p++) {
        assertThat(result.confusionMatrix().count(a, p), is(expected[a][p]));
      }
    }
    ClassMetrics positive = result.classMetrics().get(1);
    double precision = (double) expected[1][1] / (expected[0][1] + expected[1][1]);
    double recall = (double) expected[1][1] / (expected[1][0] + expected[1][1]);
    assertThat(positive.className(), is("positive"));
    assertThat(positive.precision(), closeTo(precision, 1e-12));
    assertThat(positive.recall(), closeTo(recall, 1e-12));
    assertThat(positive.f1(), closeTo(2 * precision * recall / (precision + recall), 1e-12));
  }

  @Test
  void binaryModel_rocAuc_matchesPairwiseCountOfItsOwnOutputs() {
    Dataset data = EvalFixtures.paired("paired", 50, 12, 3, 5);
    EvaluationResult result =
        Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("x0", 2, 0), data);

    float[] p = result.outputs();
    int[] y = data.labels();
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y.length; j++) {
        if (y[i] == 1 && y[j] == 0) {
          wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    assertThat(result.rocAuc().orElseThrow(), closeTo(wins / pairs, 1e-12));
  }

  @Test
  void binaryModel_thresholdAboveEveryScore_predictsOnlyClassZero() {
    Dataset data = EvalFixtures.paired("paired", 10, 0, 0, 0);
    EvaluationResult result =
        Evaluator.defaults()
            .withThreshold(1.0)
            .evaluate(EvalFixtures.binaryWatching("x0", 2, 0), data);

    assertThat(result.confusionMatrix().predicted(1), is(0L));
    assertThat(result.accuracy(), is(0.5));
  }

  @Test
  void nanFeature_givesNonFiniteOutput_counted() {
    float[] features = {1f, 0f, Float.NaN, 0f, -1f, 0f};
    Dataset data = Dataset.of("with-nan", new int[] {2}, features, new int[] {1, 1, 0}, List.of());

    EvaluationResult result =
        Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("x0", 2, 0), data);

    assertThat(result.nonFiniteOutputs(), is(1));
    assertThat(Double.isFinite(result.logLoss()), is(true));
  }

  @ParameterizedTest(name = "softmax={0}")
  @CsvSource({"true, PROBABILITIES", "false, LOGITS"})
  void multiClassModel_knownConfusion_isReproducedWithActivationDetected(
      boolean softmax, OutputActivation detected) {
    Dataset data = EvalFixtures.confusion("abc", CONFUSION, ABC);

    EvaluationResult result =
        Evaluator.defaults()
            .withThreads(2)
            .withBatchSize(4)
            .evaluate(EvalFixtures.multiClass("mc", 3, softmax), data);

    assertThat(result.activation(), is(detected));
    assertThat(result.accuracy(), is(15 / 19.0));
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 3; p++) {
        assertThat(result.confusionMatrix().count(a, p), is((long) CONFUSION[a][p]));
      }
    }
    ClassMetrics b = result.classMetrics().get(1);
    assertThat(b.support(), is(9L));
    assertThat(b.precision(), closeTo(6 / 7.0, 1e-12));
    assertThat(b.recall(), closeTo(6 / 9.0, 1e-12));
    assertThat(result.rocAuc().isPresent(), is(false));
  }

  @ParameterizedTest(name = "softmax={0}")
  @CsvSource({"true", "false"})
  void multiClassModel_logLoss_isSoftmaxCrossEntropyEitherWay(boolean softmax) {
    Dataset data = EvalFixtures.confusion("abc", CONFUSION, ABC);
    EvaluationResult result =
        Evaluator.defaults().evaluate(EvalFixtures.multiClass("mc", 3, softmax), data);

    double loss = 0;
    for (int i = 0; i < data.size(); i++) {
      float[] x = data.features(i, i + 1);
      double sum = 0;
      for (float v : x) {
        sum += Math.exp(4 * v);
      }
      loss -= Math.log(Math.exp(4 * x[data.label(i)]) / sum);
    }
    assertThat(result.logLoss(), closeTo(loss / data.size(), 1e-5));
  }

  @Test
  void evaluation_loadedModelAndBatchings_givesIdenticalPredictions() {
    Dataset data = EvalFixtures.confusion("abc", CONFUSION, ABC);
    TfliteModel model = EvalFixtures.multiClass("mc", 3, true);

    EvaluationResult one = Evaluator.defaults().withBatchSize(1).evaluate(model, data);
    EvaluationResult many;
    try (LoadedModel loaded = InferenceBackend.tflite().load(model)) {
      many = Evaluator.defaults().withThreads(2).withBatchSize(5).evaluate(loaded, data);
    }

    assertThat(many.predictions(), equalTo(one.predictions()));
    float[] a = one.outputs();
    float[] b = many.outputs();
    for (int i = 0; i < a.length; i++) {
      assertThat((double) b[i], closeTo(a[i], 1e-6));
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void sampleShapeDiffersFromModelInput_throwsWithBothShapes() {
      Dataset data = EvalFixtures.confusion("three-features", CONFUSION, ABC);
      TfliteModel model = EvalFixtures.binaryWatching("two-inputs", 2, 0);

      DatasetMismatchException e =
          assertThrows(
              DatasetMismatchException.class, () -> Evaluator.defaults().evaluate(model, data));

      assertThat(e.getMessage(), containsString("two-inputs"));
      assertThat(e.getMessage(), containsString("three-features"));
      assertThat(e.getMessage(), containsString("expects samples of shape [2]"));
      assertThat(e.getMessage(), containsString("has samples of shape [3]"));
    }

    @Test
    void sampleRankDiffers_throwsWithBothShapes() {
      Dataset data =
          Dataset.of("image", new int[] {2, 1}, new float[] {1, 2}, new int[] {0}, List.of());
      TfliteModel model = EvalFixtures.binaryWatching("flat", 2, 0);

      DatasetMismatchException e =
          assertThrows(
              DatasetMismatchException.class, () -> Evaluator.defaults().evaluate(model, data));

      assertThat(e.getMessage(), containsString("[2]"));
      assertThat(e.getMessage(), containsString("[2, 1]"));
    }

    @Test
    void classCountDiffersFromOutputWidth_throwsWithBoth() {
      Dataset data = EvalFixtures.confusion("abc", CONFUSION, ABC);
      Dataset fourClasses =
          Dataset.of(
              "abcd",
              new int[] {3},
              data.features(0, 2),
              new int[] {0, 3},
              List.of("a", "b", "c", "d"));
      TfliteModel model = EvalFixtures.multiClass("three-way", 3, true);

      DatasetMismatchException e =
          assertThrows(
              DatasetMismatchException.class,
              () -> Evaluator.defaults().evaluate(model, fourClasses));

      assertThat(e.getMessage(), containsString("scores 3 classes"));
      assertThat(e.getMessage(), containsString("names 4 classes"));
    }

    @Test
    void threeClassDataOnSigmoidOutput_throws() {
      Dataset data =
          Dataset.of("three", new int[] {2}, new float[] {1, 0, 0, 1}, new int[] {0, 2}, List.of());

      DatasetMismatchException e =
          assertThrows(
              DatasetMismatchException.class,
              () -> Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("bin", 2, 0), data));

      assertThat(e.getMessage(), containsString("binary (sigmoid) output for 2 classes"));
      assertThat(e.getMessage(), containsString("has label 2 (sample 1)"));
    }

    @Test
    void zeroThreads_rejectedUpFront() {
      assertThrows(IllegalArgumentException.class, () -> Evaluator.defaults().withThreads(0));
    }
  }
}
