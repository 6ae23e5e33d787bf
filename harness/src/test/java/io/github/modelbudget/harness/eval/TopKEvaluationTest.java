package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Top-k accuracy of a 1001-way classifier whose true-class ranks the test computes from the weights
 * (see {@link ManyClassFixtures}), on data that uses only a few of its classes.
 */
class TopKEvaluationTest {

  /**
   * (input, label, how many samples): ranks 0, 1, 4, 5, 717 at x = 1 and 0, 4, 5, 283 at x = -1.
   */
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

  private static Dataset data;
  private static float[] inputs;
  private static int[] labels;
  private static EvaluationResult baseline;
  private static EvaluationResult variant;

  @BeforeAll
  static void evaluate() {
    List<float[]> rows = new ArrayList<>();
    for (int[] group : GROUPS) {
      for (int i = 0; i < group[2]; i++) {
        rows.add(new float[] {group[0], group[1]});
      }
    }
    inputs = new float[rows.size()];
    labels = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      inputs[i] = rows.get(i)[0];
      labels[i] = (int) rows.get(i)[1];
    }
    data = ManyClassFixtures.data("imagenet-few.npz", inputs, labels);
    Evaluator evaluator = Evaluator.defaults().withThreads(2).withBatchSize(16);
    baseline =
        evaluator.evaluate(
            ManyClassFixtures.classifier("mobilenet", ManyClassFixtures.baselineWeights(), true),
            data);
    variant =
        evaluator.evaluate(
            ManyClassFixtures.classifier("pruned", ManyClassFixtures.variantWeights(), true), data);
  }

  private static long expectedHits(float[] weights, int k) {
    long hits = 0;
    for (int i = 0; i < labels.length; i++) {
      hits += ManyClassFixtures.rank(weights, labels[i], inputs[i]) < k ? 1 : 0;
    }
    return hits;
  }

  @Test
  void fewLabelsOfAWideModel_getTheModelsClassCount() {
    assertThat(data.classCount(), is(1001));
    assertThat(baseline.classNames().size(), is(1001));
    assertThat(baseline.confusionMatrix().classNames().size(), is(1001));
    assertThat(baseline.classMetrics().size(), is(1001));
    assertThat(baseline.defaultTopK(), is(OptionalInt.of(5)));
  }

  @Test
  void labelsUsingLowClassesOnly_stillGetTheModelsWidth() {
    Dataset low = ManyClassFixtures.data("low.npz", new float[] {1, -1, -1}, new int[] {0, 3, 1});
    EvaluationResult result =
        Evaluator.defaults()
            .evaluate(
                ManyClassFixtures.classifier("m", ManyClassFixtures.baselineWeights(), false), low);

    assertThat(low.classCount(), is(4));
    assertThat(result.classNames().size(), is(1001));
    assertThat(result.classNames().get(1000), is("1000"));
    // At x = -1 label 3 has rank 3 and label 1 rank 1; label 0 at x = 1 has rank 1000.
    assertThat(result.topK(1).correct(), is(0L));
    assertThat(result.topK(4).correct(), is(2L));
  }

  @Test
  void everySamplesRank_isTheOneComputedFromTheWeights() {
    float[] w = ManyClassFixtures.baselineWeights();
    for (int i = 0; i < labels.length; i++) {
      assertThat(
          "sample " + i,
          baseline.trueClassRank(i),
          is(ManyClassFixtures.rank(w, labels[i], inputs[i])));
    }
  }

  @Test
  void topFive_countsTheSamplesWhoseRankIsBelowFive() {
    long expected = expectedHits(ManyClassFixtures.baselineWeights(), 5);
    // 7 + 5 + 30 at x = 1 (ranks 0, 1, 4), 6 + 4 at x = -1 (ranks 0, 4)
    assertThat(expected, is(52L));

    TopKAccuracy top5 = baseline.topK(5);
    assertThat(top5.k(), is(5));
    assertThat(top5.correct(), is(52L));
    assertThat(top5.samples(), is((long) labels.length));
    assertThat(top5.accuracy(), closeTo(52.0 / labels.length, 1e-15));
    assertThat(top5.interval(), is(Statistics.wilson(52, labels.length, Statistics.Z_95)));
  }

  @Test
  void anyK_matchesTheRanks_andTopOneIsTheAccuracyWithoutTies() {
    float[] w = ManyClassFixtures.baselineWeights();
    for (int k : new int[] {1, 2, 5, 6, 10, 284, 718, 1000, 1001, 5000}) {
      assertThat("top-" + k, baseline.topK(k).correct(), is(expectedHits(w, k)));
    }
    assertThat(baseline.topK(1).correct(), is(baseline.correctCount()));
    assertThat(baseline.topK(1001).correct(), is((long) labels.length));
  }

  @Test
  void topKCounts_endWhereEverySampleIsCovered() {
    TopKCounts counts = baseline.topKCounts();

    // The worst rank is 717 (label 283 at x = 1): k = 718 covers every sample.
    assertThat(counts.hits().size(), is(718));
    assertThat(counts.at(717).correct(), is((long) labels.length - 3));
    assertThat(counts.at(9999).correct(), is((long) labels.length));
  }

  @Test
  void tiedScores_countForTheTrueClass() {
    // At x = 0 all 1001 scores are equal: no class scores strictly higher than the true one, so
    // every sample is a top-1 hit, while the arg max (the first of the ties, class 0) is right for
    // label 0 only.
    Dataset tied =
        ManyClassFixtures.data("tied.npz", new float[] {0, 0, 0, 0}, new int[] {0, 7, 500, 1000});
    EvaluationResult result =
        Evaluator.defaults()
            .evaluate(
                ManyClassFixtures.classifier("m", ManyClassFixtures.baselineWeights(), true), tied);

    assertThat(result.topK(1).correct(), is(4L));
    assertThat(result.correctCount(), is(1L));
    for (int i = 0; i < 4; i++) {
      assertThat(result.trueClassRank(i), is(0));
    }
  }

  @Test
  void partlyTiedScores_rankByTheClassesStrictlyAbove() {
    // Weights 0, 0, 1, 1, 1, 2, ...: classes 2 to 4 tie; each has exactly the classes above the tie
    // (5 to 1000, 996 of them) strictly higher, so each is a top-997 hit but not a top-996 one.
    float[] w = new float[ManyClassFixtures.CLASSES];
    for (int c = 5; c < w.length; c++) {
      w[c] = 2 + c;
    }
    w[2] = 1;
    w[3] = 1;
    w[4] = 1;
    Dataset one = ManyClassFixtures.data("one.npz", new float[] {1, 1, 1}, new int[] {2, 3, 4});
    EvaluationResult result =
        Evaluator.defaults().evaluate(ManyClassFixtures.classifier("m", w, false), one);

    assertThat(result.topK(996).correct(), is(0L));
    assertThat(result.topK(997).correct(), is(3L));
  }

  @Test
  void pairedTopK_countsDiscordantHits_andTestsThemWithMcNemar() {
    Comparison comparison = Comparison.of(baseline, variant);
    TopKComparison top5 = comparison.topK(5).orElseThrow();

    // The variant moves class 996 below 991 (rank 4 → 9 at x = 1): its 30 samples leave the top 5,
    // and class 995 moves up one (rank 5 → 4): its 20 samples enter it.
    assertThat(top5.baselineOnlyHits(), is(30L));
    assertThat(top5.variantOnlyHits(), is(20L));
    assertThat(top5.baseline().correct(), is(52L));
    assertThat(top5.variant().correct(), is(expectedHits(ManyClassFixtures.variantWeights(), 5)));
    assertThat(top5.variant().correct(), is(42L));
    assertThat(top5.drop(), closeTo(10.0 / labels.length, 1e-15));
    assertThat(top5.mcNemarP(), is(Statistics.mcNemarExact(30, 20)));
    assertThat(top5.significantAt(0.05), is(false));

    TopKComparison top10 = comparison.topK(10).orElseThrow();
    assertThat(top10.baselineOnlyHits(), is(0L));
    assertThat(top10.variantOnlyHits(), is(0L));
    assertThat(top10.mcNemarP(), is(1.0));
  }

  @Test
  void labelBeyondTheOutput_isAnErrorNamingFileLabelAndWidth() {
    Dataset wrong =
        ManyClassFixtures.data("labels-off-by-one.npz", new float[] {1, 1}, new int[] {3, 1001});
    TfliteModel model =
        ManyClassFixtures.classifier("m", ManyClassFixtures.baselineWeights(), true);

    DatasetMismatchException e =
        assertThrows(
            DatasetMismatchException.class, () -> Evaluator.defaults().evaluate(model, wrong));
    assertThat(
        e.getMessage(),
        allOf(
            containsString("'labels-off-by-one.npz'"),
            containsString("label 1001 (sample 1)"),
            containsString("scores 1001 classes (labels 0 to 1000)")));
  }

  @Test
  void binaryModel_rejectsALabelOfTwo_andRanksItsTwoClasses() {
    Dataset data = EvalFixtures.paired("paired", 8, 2, 0, 0);
    EvaluationResult result =
        Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("b", 2, 0), data);
    assertThat(result.topK(1).correct(), is(result.correctCount()));
    assertThat(result.topK(2).correct(), is(10L));
    assertThat(result.defaultTopK(), is(OptionalInt.empty()));

    Dataset three =
        Dataset.of(
            "three.npz", new int[] {2}, new float[] {0, 0, 1, 1}, new int[] {0, 2}, List.of());
    DatasetMismatchException e =
        assertThrows(
            DatasetMismatchException.class,
            () -> Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("b", 2, 0), three));
    assertThat(e.getMessage(), containsString("'three.npz' has label 2 (sample 1)"));
  }

  @Test
  void outputOfNoClasses_isAMismatch_notACrash() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("kernel", new float[] {1f}, 1, 1);
    TensorRef bias = b.constant("bias", new float[] {0f}, 1);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, 0);
    TfliteModel empty =
        b.fullyConnected(x, w, bias, logits, Activation.NONE).output(logits).build("e");
    Dataset one = ManyClassFixtures.data("one.npz", new float[] {1}, new int[] {0});

    DatasetMismatchException e =
        assertThrows(
            DatasetMismatchException.class, () -> Evaluator.defaults().evaluate(empty, one));
    assertThat(e.getMessage(), containsString("scores no class"));
  }
}
