package io.github.modelbudget.harness.eval;

import java.util.Arrays;

/**
 * Latency of single invocations, as TFLite's {@code benchmark_model} reports it.
 *
 * @param count the number of timed invocations, at least 1
 * @param meanNanos the mean
 * @param stdNanos the standard deviation
 * @param minNanos the fastest
 * @param p5Nanos the 5th percentile
 * @param p50Nanos the median
 * @param p95Nanos the 95th percentile
 * @param maxNanos the slowest
 */
public record LatencyStats(
    int count,
    double meanNanos,
    double stdNanos,
    long minNanos,
    long p5Nanos,
    long p50Nanos,
    long p95Nanos,
    long maxNanos) {

  /** Validates. */
  public LatencyStats {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1 but was " + count);
    }
    if (!(minNanos <= p5Nanos && p5Nanos <= p50Nanos && p50Nanos <= p95Nanos)
        || p95Nanos > maxNanos) {
      throw new IllegalArgumentException(
          "percentiles must be ordered min <= p5 <= p50 <= p95 <= max but were "
              + minNanos
              + ", "
              + p5Nanos
              + ", "
              + p50Nanos
              + ", "
              + p95Nanos
              + ", "
              + maxNanos);
    }
  }

  /**
   * Summarises timings with nearest-rank percentiles.
   *
   * @param nanos the timings, at least one
   * @return the statistics
   */
  public static LatencyStats of(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("need at least one timing");
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElseThrow();
    double variance = 0;
    for (long t : sorted) {
      variance += (t - mean) * (t - mean);
    }
    double std = Math.sqrt(variance / sorted.length);
    return new LatencyStats(
        sorted.length,
        mean,
        std,
        sorted[0],
        nearestRank(sorted, 5),
        nearestRank(sorted, 50),
        nearestRank(sorted, 95),
        sorted[sorted.length - 1]);
  }

  private static long nearestRank(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
