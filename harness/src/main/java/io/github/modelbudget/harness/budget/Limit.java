package io.github.modelbudget.harness.budget;

import java.util.Objects;
import java.util.Optional;

/**
 * One limit of a budget: the value, the text it was written as (for messages), and its level if it
 * has its own rather than the budget's.
 *
 * @param value the limit in the metric's unit (a fraction, bytes, a count or nanoseconds)
 * @param text the limit as written, e.g. {@code "8 kB"}
 * @param level the level of this limit, or empty to use the budget's
 */
public record Limit(double value, String text, Optional<Level> level) {

  /** Validates. */
  public Limit {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(level, "level");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a limit must be finite but was " + value);
    }
  }

  /**
   * Parses a limit of a metric.
   *
   * @param metric the metric
   * @param text the value as written, e.g. {@code "8 kB"}
   * @return the limit, with the budget's level
   * @throws IllegalArgumentException if the text is not a valid value of the metric
   */
  public static Limit parse(Metric metric, String text) {
    return new Limit(metric.parse(text), text.trim(), Optional.empty());
  }

  /**
   * Returns a copy with its own level.
   *
   * @param level the level
   * @return the new limit
   */
  public Limit withLevel(Level level) {
    return new Limit(value, text, Optional.of(level));
  }
}
