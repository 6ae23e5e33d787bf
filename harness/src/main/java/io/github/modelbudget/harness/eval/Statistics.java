package io.github.modelbudget.harness.eval;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/**
 * The statistics behind the harness's verdicts: Wilson score intervals for accuracy, the exact
 * McNemar test for paired accuracies, the Mann-Whitney U test for latencies, ROC AUC by average
 * ranks and log loss.
 */
public final class Statistics {

  /** The two-sided 95% normal quantile, {@code Φ⁻¹(0.975)}. */
  public static final double Z_95 = 1.959963984540054;

  /** The probability clip of {@link #logLoss}: probabilities are kept in [ε, 1 − ε]. */
  public static final double LOG_LOSS_EPSILON = 1e-7;

  private Statistics() {}

  /**
   * Computes the Wilson score interval of a proportion.
   *
   * @param successes the number of successes, in [0, trials]
   * @param trials the number of trials, at least 1
   * @param z the normal quantile, e.g. {@link #Z_95}
   * @return the interval, inside [0, 1]
   */
  public static Interval wilson(long successes, long trials, double z) {
    if (trials < 1 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "need 0 <= successes <= trials and trials >= 1 but got " + successes + "/" + trials);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denominator;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
    return new Interval(Math.max(0, center - half), Math.min(1, center + half));
  }

  /**
   * Computes the exact two-sided McNemar p-value: a binomial test of the discordant pairs, {@code p
   * = min(1, 2·P(X ≤ min(b, c)))} with {@code X ~ Bin(b + c, 1/2)}.
   *
   * @param b the pairs the first classifier got right and the second wrong
   * @param c the pairs the second classifier got right and the first wrong
   * @return the p-value, 1 when there are no discordant pairs
   */
  public static double mcNemarExact(long b, long c) {
    if (b < 0 || c < 0) {
      throw new IllegalArgumentException("discordant counts must not be negative: " + b + ", " + c);
    }
    long n = b + c;
    if (n == 0) {
      return 1.0;
    }
    return Math.min(1.0, 2 * binomialHalfCdf(Math.min(b, c), n));
  }

  /**
   * Computes {@code P(X ≤ k)} for {@code X ~ Bin(n, 1/2)}, summing in log space so that large
   * {@code n} neither overflows nor underflows prematurely.
   *
   * @param k the upper bound, in [0, n]
   * @param n the number of trials
   * @return the lower tail probability
   */
  public static double binomialHalfCdf(long k, long n) {
    if (k < 0) {
      return 0.0;
    }
    if (k >= n) {
      return 1.0;
    }
    double logHalfPowN = n * Math.log(0.5);
    double logTerm = logHalfPowN; // log(C(n, 0) / 2^n)
    double max = logTerm;
    double[] logs = new double[(int) k + 1];
    logs[0] = logTerm;
    for (long i = 1; i <= k; i++) {
      logTerm += Math.log((double) (n - i + 1) / i);
      logs[(int) i] = logTerm;
      max = Math.max(max, logTerm);
    }
    double sum = 0;
    for (double log : logs) {
      sum += Math.exp(log - max);
    }
    return Math.min(1.0, Math.exp(max + Math.log(sum)));
  }

  /**
   * Computes the area under the ROC curve exactly, as the Mann–Whitney statistic with tied scores
   * given their average rank.
   *
   * @param scores one score per sample, higher meaning more likely positive; NaN ranks lowest
   * @param positive whether each sample is positive
   * @return the AUC, or empty if all samples are of one kind
   */
  public static OptionalDouble rocAuc(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + positive.length + " labels");
    }
    int n = scores.length;
    long positives = 0;
    for (boolean p : positive) {
      positives += p ? 1 : 0;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return OptionalDouble.empty();
    }
    // U counts, for every positive, the negatives scored below it, ties as one half: the rank-sum
    // statistic without sorting boxed indices (two primitive sorts, 8 bytes a sample).
    double[] positiveScores = new double[(int) positives];
    double[] negativeScores = new double[(int) negatives];
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      if (positive[i]) {
        positiveScores[p++] = rankable(scores[i]);
      } else {
        negativeScores[q++] = rankable(scores[i]);
      }
    }
    Arrays.sort(positiveScores);
    Arrays.sort(negativeScores);
    double u = 0;
    int below = 0;
    int atMost = 0;
    for (double score : positiveScores) {
      while (below < negativeScores.length && negativeScores[below] < score) {
        below++;
      }
      atMost = Math.max(atMost, below);
      while (atMost < negativeScores.length && negativeScores[atMost] == score) {
        atMost++;
      }
      u += below + (atMost - below) / 2.0;
    }
    return OptionalDouble.of(u / ((double) positives * negatives));
  }

  /**
   * Returns the two-sided p-value of the Mann-Whitney U test of two samples: exact for small
   * samples without ties, the normal approximation otherwise (Apache Commons Statistics). Used on
   * the repetition medians of two latency measurements, as Google Benchmark's compare tool does.
   *
   * @param a the first sample, at least one value
   * @param b the second sample, at least one value
   * @return the p-value in [0, 1]
   */
  public static double mannWhitneyP(List<Long> a, List<Long> b) {
    return MannWhitneyUTest.withDefaults()
        .test(
            a.stream().mapToDouble(Long::doubleValue).toArray(),
            b.stream().mapToDouble(Long::doubleValue).toArray())
        .getPValue();
  }

  /**
   * Computes the mean log loss of the probabilities given to the true classes, each clipped to
   * [{@link #LOG_LOSS_EPSILON}, 1 − {@link #LOG_LOSS_EPSILON}]; a non-finite probability counts as
   * the clipped minimum.
   *
   * @param trueClassProbabilities the probability each sample gave its true class
   * @return the mean of {@code −ln p}
   */
  public static double logLoss(double[] trueClassProbabilities) {
    if (trueClassProbabilities.length == 0) {
      throw new IllegalArgumentException("log loss needs at least one sample");
    }
    double sum = 0;
    for (double p : trueClassProbabilities) {
      double clipped =
          Double.isFinite(p)
              ? Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p))
              : LOG_LOSS_EPSILON;
      sum -= Math.log(clipped);
    }
    return sum / trueClassProbabilities.length;
  }

  private static double rankable(double score) {
    return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
  }
}
