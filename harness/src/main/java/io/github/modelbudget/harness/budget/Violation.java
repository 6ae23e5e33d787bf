package io.github.modelbudget.harness.budget;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One limit a variant did not meet, or could not be checked against because the metric was not
 * measured.
 *
 * @param metric the metric
 * @param limit the limit as written, e.g. {@code "8 kB"}
 * @param limitValue the limit in the metric's unit
 * @param actual the measured value in the metric's unit, or empty if it was not measured
 * @param level warn or error
 * @param message a sentence for people, e.g. {@code "gzipped size 9.1 kB (9100 B) > 8 kB budget"}
 */
public record Violation(
    Metric metric,
    String limit,
    double limitValue,
    OptionalDouble actual,
    Level level,
    String message) {

  /** Validates. */
  public Violation {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  /**
   * Tells whether the metric was missing rather than out of bounds.
   *
   * @return {@code true} if nothing was measured
   */
  public boolean notMeasured() {
    return actual.isEmpty();
  }
}
