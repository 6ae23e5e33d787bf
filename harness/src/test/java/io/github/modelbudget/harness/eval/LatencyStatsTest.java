package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Latency summaries with nearest-rank percentiles, checked by hand on small samples. */
class LatencyStatsTest {

  @Test
  void twentyTimings_nearestRankPercentiles() {
    long[] nanos = new long[20];
    for (int i = 0; i < 20; i++) {
      nanos[i] = (20 - i) * 100L; // 2000, 1900, ..., 100: unsorted on purpose
    }

    LatencyStats stats = LatencyStats.of(nanos);

    // Nearest rank: p5 = ceil(0.05·20) = 1st, p50 = 10th, p95 = 19th smallest.
    assertThat(stats.p5Nanos(), is(100L));
    assertThat(stats.p50Nanos(), is(1000L));
    assertThat(stats.p95Nanos(), is(1900L));
    assertThat(stats.minNanos(), is(100L));
    assertThat(stats.maxNanos(), is(2000L));
    assertThat(stats.meanNanos(), is(1050.0));
    // Population standard deviation of 100·(1..20): 100·sqrt((20² − 1) / 12).
    assertThat(stats.stdNanos(), closeTo(100 * Math.sqrt(399 / 12.0), 1e-9));
  }

  @Test
  void noTimings_rejected() {
    assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new long[0]));
  }

  @Test
  void unorderedPercentiles_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new LatencyStats(1, 1, 0, 5, 4, 3, 2, 1));
  }

  @Test
  void repetitions_keepEachConsecutiveGroupsMedian_theLastTakingTheRemainder() {
    long[] nanos = {5, 1, 3, 20, 40, 30, 7, 8, 9, 100};

    LatencyStats stats = LatencyStats.of(nanos, 3);

    // Groups of 3: {5,1,3} → 3, {20,40,30} → 30, and the rest {7,8,9,100} → 8.
    assertThat(stats.repetitionMedians(), contains(3L, 30L, 8L));
    assertThat(stats.count(), is(10));
    assertThat(stats.p50Nanos(), is(LatencyStats.of(nanos).p50Nanos()));
  }
}
