package io.github.modelbudget.harness.eval;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The top-k hits of one evaluation for every {@code k} at once: {@code hits.get(k - 1)} samples
 * have their true class among the {@code k} highest scores (see {@link TopKAccuracy} for ties).
 *
 * <p>The list ends at the first {@code k} that covers every sample, so it stays short for a good
 * model and never longer than the class count; every larger {@code k} covers every sample too.
 *
 * @param samples the number of samples, at least 1
 * @param hits the cumulative hit counts, non-decreasing, the last equal to {@code samples}
 */
public record TopKCounts(long samples, List<Long> hits) {

  /**
   * The {@code k} reported by default when a model scores at least {@link #DEFAULT_MIN_CLASSES}.
   */
  public static final int DEFAULT_K = 5;

  /** The fewest classes for which top-{@value #DEFAULT_K} accuracy is reported by default. */
  public static final int DEFAULT_MIN_CLASSES = 10;

  /** Validates and copies. */
  public TopKCounts {
    hits = List.copyOf(Objects.requireNonNull(hits, "hits"));
    if (samples < 1 || hits.isEmpty() || hits.get(hits.size() - 1) != samples) {
      throw new IllegalArgumentException(
          "top-k hits must end at the sample count " + samples + " but were " + hits);
    }
    long previous = 0;
    for (long count : hits) {
      if (count < previous) {
        throw new IllegalArgumentException("top-k hits must not decrease but were " + hits);
      }
      previous = count;
    }
  }

  /**
   * Counts the hits from each sample's rank, the number of classes scored strictly higher than its
   * true class.
   *
   * @param ranks one rank per sample, each at least 0
   * @return the counts
   */
  public static TopKCounts fromRanks(int[] ranks) {
    if (ranks.length == 0) {
      throw new IllegalArgumentException("top-k accuracy needs at least one sample");
    }
    int maxRank = 0;
    for (int rank : ranks) {
      maxRank = Math.max(maxRank, rank);
    }
    long[] atRank = new long[maxRank + 1];
    for (int rank : ranks) {
      atRank[rank]++;
    }
    Long[] cumulative = new Long[maxRank + 1];
    long sum = 0;
    for (int r = 0; r <= maxRank; r++) {
      sum += atRank[r];
      cumulative[r] = sum;
    }
    return new TopKCounts(ranks.length, List.of(cumulative));
  }

  /**
   * Returns the top-k accuracy for one {@code k}.
   *
   * @param k at least 1
   * @return the accuracy with its counts
   */
  public TopKAccuracy at(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1 but was " + k);
    }
    return new TopKAccuracy(k, k > hits.size() ? samples : hits.get(k - 1), samples);
  }

  /**
   * Returns the {@code k} reported when none is asked for: {@value #DEFAULT_K} for a model that
   * scores at least {@value #DEFAULT_MIN_CLASSES} classes, none for fewer.
   *
   * @param classes the number of classes the model scores
   * @return the default {@code k}, or empty
   */
  public static OptionalInt defaultK(int classes) {
    return classes >= DEFAULT_MIN_CLASSES ? OptionalInt.of(DEFAULT_K) : OptionalInt.empty();
  }
}
