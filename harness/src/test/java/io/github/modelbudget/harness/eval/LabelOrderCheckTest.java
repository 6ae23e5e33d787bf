package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LabelOrderCheckTest {

  private static final List<String> BINARY = List.of("no", "yes");

  private static int[] alternating(int n) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
    }
    return labels;
  }

  @Test
  void rocAucSignificantlyBelowHalf_warnsEvenWhenTheAccuracyIsNot() {
    // A threshold that predicts everything positive: accuracy 0.5, but the scores rank backwards.
    Interval accuracy = Statistics.wilson(50, 100, Statistics.Z_95);

    List<String> warnings =
        LabelOrderCheck.warnings(
            BINARY, 50, 100, accuracy, OptionalDouble.of(0.2), alternating(100));

    assertThat(warnings, hasSize(1));
    assertThat(warnings.get(0), containsString("labels inverted? ROC AUC 0.2000"));
    assertThat(warnings.get(0), not(containsString("accuracy")));
  }

  @Test
  void worseThanChanceByLuckAlone_doesNotWarn() {
    // 45 of 100 and AUC 0.45: below 0.5, but within noise.
    Interval accuracy = Statistics.wilson(45, 100, Statistics.Z_95);

    assertThat(
        LabelOrderCheck.warnings(
            BINARY, 45, 100, accuracy, OptionalDouble.of(0.45), alternating(100)),
        is(empty()));
  }

  @Test
  void moreThanTwoClasses_isNotChecked() {
    Interval accuracy = Statistics.wilson(0, 100, Statistics.Z_95);

    assertThat(
        LabelOrderCheck.warnings(
            List.of("a", "b", "c"), 0, 100, accuracy, OptionalDouble.empty(), new int[100]),
        is(empty()));
  }

  @Test
  void hanleyMcNeilError_atChanceWithFiftyEach() {
    // A = 0.5: Q1 = Q2 = 1/3, variance (1/4 + 2 × 49 × (1/3 − 1/4)) / 2500.
    double expected = Math.sqrt((0.25 + 98 * (1 / 3.0 - 0.25)) / 2500);

    assertThat(LabelOrderCheck.hanleyMcNeilError(0.5, 50, 50), closeTo(expected, 1e-12));
  }
}
