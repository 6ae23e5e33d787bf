package io.github.modelbudget.harness.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
 * @param repetitionMedians the median of each consecutive group of timed runs, in run order, so
 *     that two runs can be compared by a rank test; empty when the runs were not split
 * @param settings how the latency was measured, if known
 */
public record LatencyStats(
    int count,
    double meanNanos,
    double stdNanos,
    long minNanos,
    long p5Nanos,
    long p50Nanos,
    long p95Nanos,
    long maxNanos,
    List<Long> repetitionMedians,
    Optional<LatencySettings> settings) {

  /** Validates and copies; records written before repetitions were kept read as empty. */
  public LatencyStats {
    repetitionMedians = repetitionMedians == null ? List.of() : List.copyOf(repetitionMedians);
    settings = settings == null ? Optional.empty() : settings;
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
   * Creates statistics without repetitions or settings.
   *
   * @param count the number of timed invocations
   * @param meanNanos the mean
   * @param stdNanos the standard deviation
   * @param minNanos the fastest
   * @param p5Nanos the 5th percentile
   * @param p50Nanos the median
   * @param p95Nanos the 95th percentile
   * @param maxNanos the slowest
   */
  public LatencyStats(
      int count,
      double meanNanos,
      double stdNanos,
      long minNanos,
      long p5Nanos,
      long p50Nanos,
      long p95Nanos,
      long maxNanos) {
    this(
        count,
        meanNanos,
        stdNanos,
        minNanos,
        p5Nanos,
        p50Nanos,
        p95Nanos,
        maxNanos,
        List.of(),
        Optional.empty());
  }

  /**
   * Summarises timings and keeps the median of each of {@code repetitions} consecutive groups of
   * them (the last group takes the remainder).
   *
   * @param nanos the timings, in run order, at least {@code repetitions}
   * @param repetitions how many groups, at least 1
   * @return the statistics
   */
  public static LatencyStats of(long[] nanos, int repetitions) {
    if (repetitions < 1 || nanos.length < repetitions) {
      throw new IllegalArgumentException(
          "need at least one timing per repetition: "
              + nanos.length
              + " timings, "
              + repetitions
              + " repetitions");
    }
    LatencyStats all = of(nanos);
    List<Long> medians = new ArrayList<>(repetitions);
    int size = nanos.length / repetitions;
    for (int r = 0; r < repetitions; r++) {
      int from = r * size;
      int to = r == repetitions - 1 ? nanos.length : from + size;
      long[] group = Arrays.copyOfRange(nanos, from, to);
      Arrays.sort(group);
      medians.add(nearestRank(group, 50));
    }
    return all.with(medians, Optional.empty());
  }

  /**
   * Returns a copy that records how the latency was measured.
   *
   * @param how the settings
   * @return the new statistics
   */
  public LatencyStats withSettings(LatencySettings how) {
    return with(repetitionMedians, Optional.of(how));
  }

  private LatencyStats with(List<Long> medians, Optional<LatencySettings> how) {
    return new LatencyStats(
        count, meanNanos, stdNanos, minNanos, p5Nanos, p50Nanos, p95Nanos, maxNanos, medians, how);
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
