package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Paired comparison of two binary models on a dataset built so that the baseline (watching feature
 * 0) and the variant (watching feature 1) are right and wrong on chosen samples: 50 both right, 12
 * only the baseline, 3 only the variant, 5 neither.
 */
class ComparisonTest {

  private static Dataset data;
  private static EvaluationResult baseline;
  private static EvaluationResult variant;

  @BeforeAll
  static void evaluate() {
    data = EvalFixtures.paired("paired", 50, 12, 3, 5);
    Evaluator evaluator = Evaluator.defaults().withThreads(2).withBatchSize(16);
    baseline = evaluator.evaluate(EvalFixtures.binaryWatching("baseline", 2, 0), data);
    variant = evaluator.evaluate(EvalFixtures.binaryWatching("variant", 2, 1), data);
  }

  @Test
  void constructedPairs_giveDiscordantCountsAndExactMcNemar() {
    Comparison comparison = Comparison.of(baseline, variant);

    assertThat(comparison.baselineOnlyCorrect(), is(12L));
    assertThat(comparison.variantOnlyCorrect(), is(3L));
    // Python: min(1, 2 * sum(comb(15, i) for i in range(4)) / 2**15) = 0.03515625
    assertThat(comparison.mcNemarP(), closeTo(0.03515625, 1e-12));
    assertThat(comparison.significantAt(0.05), is(true));
    assertThat(comparison.significantAt(0.01), is(false));
  }

  @Test
  void constructedPairs_giveAccuracyDeltaAndAgreement() {
    Comparison comparison = Comparison.of(baseline, variant);

    assertThat(comparison.baselineAccuracy(), is(62 / 70.0));
    assertThat(comparison.variantAccuracy(), is(53 / 70.0));
    assertThat(comparison.accuracyDelta(), closeTo(-9 / 70.0, 1e-15));
    // Binary: the models agree exactly when both are right or both are wrong.
    assertThat(comparison.agreementCount(), is(55L));
    assertThat(comparison.agreement(), is(55 / 70.0));
  }

  @Test
  void outputDifferences_matchJavaArithmetic() {
    Comparison comparison = Comparison.of(baseline, variant);

    double sum = 0;
    double max = 0;
    for (int i = 0; i < data.size(); i++) {
      float[] x = data.features(i, i + 1);
      double d =
          Math.abs(
              EvalFixtures.sigmoid(EvalFixtures.GAIN * x[1])
                  - EvalFixtures.sigmoid(EvalFixtures.GAIN * x[0]));
      sum += d;
      max = Math.max(max, d);
    }
    assertThat(comparison.meanAbsOutputDifference(), closeTo(sum / data.size(), 1e-5));
    assertThat(comparison.maxAbsOutputDifference(), closeTo(max, 1e-5));
  }

  @Test
  void modelComparedWithItself_agreesFullyWithPOne() {
    Comparison comparison = Comparison.of(baseline, baseline);

    assertThat(comparison.agreement(), is(1.0));
    assertThat(comparison.mcNemarP(), is(1.0));
    assertThat(comparison.maxAbsOutputDifference(), is(0.0));
    assertThat(comparison.sizeRatios().isPresent(), is(false));
  }

  @Test
  void withSizes_ratiosAreVariantOverBaseline() {
    TfliteModel small = EvalFixtures.binaryWatching("small", 2, 0);
    TfliteModel large = EvalFixtures.multiClass("large", 8, true);
    ModelSizes smallSizes = ModelSizes.of(small);
    ModelSizes largeSizes = ModelSizes.of(large);

    SizeRatios ratios =
        Comparison.of(baseline, variant, largeSizes, smallSizes).sizeRatios().orElseThrow();

    assertThat(ratios.raw(), is((double) smallSizes.raw() / largeSizes.raw()));
    assertThat(ratios.gzip(), is((double) smallSizes.gzip() / largeSizes.gzip()));
    assertThat(ratios.zip(), is((double) smallSizes.zip() / largeSizes.zip()));
  }

  @Nested
  @DisplayName("incomparable results")
  class Incomparable {

    @Test
    void differentDatasets_throwNamingBoth() {
      Dataset other = EvalFixtures.paired("other", 40, 10, 3, 5);
      EvaluationResult elsewhere =
          Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("variant", 2, 1), other);

      IncomparableResultsException e =
          assertThrows(
              IncomparableResultsException.class, () -> Comparison.of(baseline, elsewhere));

      assertThat(e.getMessage(), containsString("different datasets"));
      assertThat(e.getMessage(), containsString("'paired' sha256 " + data.sha256()));
      assertThat(e.getMessage(), containsString("'other' sha256 " + other.sha256()));
    }

    @Test
    void sameSamplesUnderAnotherName_areComparable() {
      EvaluationResult renamed =
          Evaluator.defaults()
              .evaluate(EvalFixtures.binaryWatching("variant", 2, 1), data.named("renamed"));

      assertThat(Comparison.of(baseline, renamed).variantOnlyCorrect(), is(3L));
    }

    @Test
    void differentOutputWidths_throw() {
      Dataset two =
          Dataset.of("two", new int[] {2}, data.features(0, 70), data.labels(), List.of());
      EvaluationResult binary =
          Evaluator.defaults().evaluate(EvalFixtures.binaryWatching("bin", 2, 0), two);
      EvaluationResult softmax =
          Evaluator.defaults().evaluate(EvalFixtures.multiClass("two-way", 2, true), two);

      IncomparableResultsException e =
          assertThrows(IncomparableResultsException.class, () -> Comparison.of(binary, softmax));

      assertThat(e.getMessage(), containsString("outputs 1 values per sample, the variant 2"));
    }
  }
}
