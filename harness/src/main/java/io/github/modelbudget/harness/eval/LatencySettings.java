package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.runtime.SessionOptions;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a latency is measured, the way TFLite's {@code benchmark_model} does: interpreter threads,
 * XNNPACK, the batch, untimed warm-up runs, then timed runs split into repetitions (whose medians
 * let two runs be compared by a rank test), on seeded random inputs or zeros. Recorded with the
 * numbers.
 *
 * @param threads interpreter threads, at least 1
 * @param xnnpack whether the XNNPACK delegate is applied
 * @param batch samples per invocation, at least 1
 * @param warmupRuns untimed runs after the first, at least 0
 * @param runs timed runs, at least {@code repetitions}
 * @param repetitions how many consecutive groups the timed runs are split into, at least 1
 * @param inputSeed the seed of uniform random inputs in [0, 1); empty for zeros
 */
public record LatencySettings(
    int threads,
    boolean xnnpack,
    int batch,
    int warmupRuns,
    int runs,
    int repetitions,
    OptionalLong inputSeed) {

  /** Validates. */
  public LatencySettings {
    Objects.requireNonNull(inputSeed, "inputSeed");
    if (threads < 1 || batch < 1 || warmupRuns < 0 || repetitions < 1 || runs < repetitions) {
      throw new IllegalArgumentException(
          "latency settings need threads and batch of at least 1, warm-up runs of at least 0 and"
              + " at least as many runs as repetitions (at least 1), but were threads="
              + threads
              + ", batch="
              + batch
              + ", warmup="
              + warmupRuns
              + ", runs="
              + runs
              + ", repetitions="
              + repetitions);
    }
  }

  /**
   * One thread, XNNPACK on, batch 1, 10 warm-up runs, 200 timed runs in 10 repetitions, random
   * inputs seeded with 42.
   *
   * @return the defaults
   */
  public static LatencySettings defaults() {
    return new LatencySettings(1, true, 1, 10, 200, 10, OptionalLong.of(42));
  }

  /**
   * Returns a copy with other interpreter threads.
   *
   * @param threads at least 1
   * @return the new settings
   */
  public LatencySettings withThreads(int threads) {
    return new LatencySettings(threads, xnnpack, batch, warmupRuns, runs, repetitions, inputSeed);
  }

  /**
   * Returns a copy with XNNPACK on or off.
   *
   * @param xnnpack whether to apply XNNPACK
   * @return the new settings
   */
  public LatencySettings withXnnpack(boolean xnnpack) {
    return new LatencySettings(threads, xnnpack, batch, warmupRuns, runs, repetitions, inputSeed);
  }

  /**
   * Returns a copy with other run counts.
   *
   * @param warmupRuns untimed runs
   * @param runs timed runs
   * @param repetitions groups of timed runs
   * @return the new settings
   */
  public LatencySettings withRuns(int warmupRuns, int runs, int repetitions) {
    return new LatencySettings(threads, xnnpack, batch, warmupRuns, runs, repetitions, inputSeed);
  }

  /**
   * Returns a copy with another batch.
   *
   * @param batch samples per invocation
   * @return the new settings
   */
  public LatencySettings withBatch(int batch) {
    return new LatencySettings(threads, xnnpack, batch, warmupRuns, runs, repetitions, inputSeed);
  }

  /**
   * Returns a copy with other inputs.
   *
   * @param inputSeed the seed of random inputs, or empty for zeros
   * @return the new settings
   */
  public LatencySettings withInputSeed(OptionalLong inputSeed) {
    return new LatencySettings(threads, xnnpack, batch, warmupRuns, runs, repetitions, inputSeed);
  }

  /**
   * Returns the interpreter options these settings run with.
   *
   * @return threads and XNNPACK
   */
  public SessionOptions sessionOptions() {
    return SessionOptions.defaults().withThreads(threads).withXnnpack(xnnpack);
  }

  /**
   * Tells whether two measurements can be compared: the same threads, XNNPACK and batch.
   *
   * @param other the other settings
   * @return {@code true} if they measured the same thing
   */
  public boolean comparableWith(LatencySettings other) {
    return threads == other.threads && xnnpack == other.xnnpack && batch == other.batch;
  }

  /**
   * Describes the settings for people, e.g. {@code "1 thread, XNNPACK on, batch 1"}.
   *
   * @return the description
   */
  public String describe() {
    return threads
        + (threads == 1 ? " thread" : " threads")
        + ", XNNPACK "
        + (xnnpack ? "on" : "off")
        + ", batch "
        + batch;
  }
}
