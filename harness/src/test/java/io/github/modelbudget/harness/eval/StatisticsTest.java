package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The statistics against reference values computed independently in Python 3:
 *
 * <ul>
 *   <li>Wilson: the closed form {@code (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)} with
 *       {@code z = 1.959963984540054}, in plain floats;
 *   <li>McNemar: {@code min(1, 2·Σ_{i≤min(b,c)} math.comb(b+c, i) / 2^(b+c))} in exact {@code
 *       fractions.Fraction} arithmetic, converted to float at the end;
 *   <li>AUC: the pairwise definition (1 per positive scored above a negative, ½ per tie) over all
 *       pairs, not ranks;
 *   <li>log loss: {@code numpy.mean(-numpy.log(numpy.clip(p, 1e-7, 1 - 1e-7)))}.
 * </ul>
 */
class StatisticsTest {

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "985, 1000, 0.9753990230730932, 0.9908890211959184",
    "0, 10, 0.0, 0.2775327998628892",
    "10, 10, 0.7224672001371107, 0.9999999999999999",
    "7, 20, 0.18119182410108206, 0.5671457233147638",
    "98524, 100000, 0.984473726562262, 0.9859689942802387"
  })
  void wilson_referenceTables_matchPythonClosedForm(
      long successes, long trials, double lower, double upper) {
    Interval interval = Statistics.wilson(successes, trials, Statistics.Z_95);

    assertThat(interval.lower(), closeTo(lower, 1e-12));
    assertThat(interval.upper(), closeTo(upper, 1e-12));
  }

  @ParameterizedTest(name = "b={0}, c={1}")
  @CsvSource({
    "0, 0, 1.0",
    "5, 1, 0.21875",
    "10, 2, 0.03857421875",
    "3, 3, 1.0",
    "25, 10, 0.01667384780012071",
    "100, 130, 0.055613577781392386",
    "1200, 1300, 0.047681865221043604",
    "0, 7, 0.015625",
    "12, 3, 0.03515625"
  })
  void mcNemarExact_referenceTables_matchExactBinomialTails(long b, long c, double expected) {
    assertThat(Statistics.mcNemarExact(b, c), closeTo(expected, expected * 1e-10));
    assertThat(Statistics.mcNemarExact(c, b), closeTo(expected, expected * 1e-10));
  }

  @Test
  void rocAuc_scoresWithTies_matchesPairwiseCount() {
    double[] scores = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.65, 0.4};
    boolean[] positive = {false, false, true, true, true, false, true, false, true, false};

    assertThat(Statistics.rocAuc(scores, positive).orElseThrow(), closeTo(0.82, 1e-12));
  }

  @Test
  void rocAuc_randomScoresWithTiesNaNsAndSignedZeros_equalsThePairwiseCount() {
    SplittableRandom random = new SplittableRandom(17L);
    double[] pool = {Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 0.0, 0.25, 0.5, 1.0};
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + random.nextInt(60);
      double[] scores = new double[n];
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        scores[i] =
            random.nextInt(3) == 0 ? random.nextDouble() : pool[random.nextInt(pool.length)];
        positive[i] = random.nextBoolean();
      }
      positive[0] = true;
      positive[1] = false;
      double pairs = 0;
      double count = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (positive[i] && !positive[j]) {
            double x = Double.isNaN(scores[i]) ? Double.NEGATIVE_INFINITY : scores[i];
            double y = Double.isNaN(scores[j]) ? Double.NEGATIVE_INFINITY : scores[j];
            count += x > y ? 1 : x == y ? 0.5 : 0;
            pairs++;
          }
        }
      }

      assertThat(Statistics.rocAuc(scores, positive).orElseThrow(), is(count / pairs));
    }
  }

  @Test
  void rocAuc_oneClassOnly_isEmpty() {
    assertThat(
        Statistics.rocAuc(new double[] {0.2, 0.7}, new boolean[] {true, true}),
        is(OptionalDouble.empty()));
  }

  @Test
  void rocAuc_perfectAndInvertedRanking_isOneAndZero() {
    boolean[] positive = {false, false, true, true};

    assertThat(
        Statistics.rocAuc(new double[] {0.1, 0.2, 0.3, 0.4}, positive).orElseThrow(), is(1.0));
    assertThat(
        Statistics.rocAuc(new double[] {0.4, 0.3, 0.2, 0.1}, positive).orElseThrow(), is(0.0));
  }

  @Test
  void logLoss_withCertainAndWrongProbabilities_matchesNumpyClip() {
    double[] p = {0.9, 0.2, 1.0, 0.0, 0.5, 0.999999999};

    assertThat(Statistics.logLoss(p), closeTo(3.0876735766017003, 1e-12));
  }

  @Test
  void binomialHalfCdf_largeN_staysFiniteAndSymmetric() {
    // P(X <= n/2 - 1) + P(X <= n/2) = 1 for even n, by symmetry of Bin(n, 1/2).
    double below = Statistics.binomialHalfCdf(4999, 10000);
    double upTo = Statistics.binomialHalfCdf(5000, 10000);

    assertThat(below + upTo, closeTo(1.0, 1e-9));
  }

  @Nested
  @DisplayName("invalid arguments")
  class InvalidArguments {

    @Test
    void wilson_successesAboveTrials_throws() {
      assertThrows(
          IllegalArgumentException.class, () -> Statistics.wilson(11, 10, Statistics.Z_95));
    }

    @Test
    void mcNemar_negativeCount_throws() {
      assertThrows(IllegalArgumentException.class, () -> Statistics.mcNemarExact(-1, 3));
    }
  }
}
