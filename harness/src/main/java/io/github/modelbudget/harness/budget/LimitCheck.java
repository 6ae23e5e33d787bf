package io.github.modelbudget.harness.budget;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One limit of a budget as it was checked: the limit, what was measured, and whether it was met, so
 * that a report can show how close a variant is to each limit.
 *
 * @param metric the metric
 * @param limit the limit as written, e.g. {@code "8 kB"}
 * @param limitValue the limit in the metric's unit
 * @param actual the measured value in the metric's unit, or empty if it was not measured
 * @param level warn or error
 * @param met whether the limit holds
 * @param note why a value over the limit still holds ({@code "not significant, McNemar p = 0.62"}),
 *     or empty
 * @param topK the {@code k} of a top-k limit ({@link Metric#isTopK()}); empty for other metrics and
 *     in records written before top-k limits existed
 */
public record LimitCheck(
    Metric metric,
    String limit,
    double limitValue,
    OptionalDouble actual,
    Level level,
    boolean met,
    String note,
    OptionalInt topK) {

  /** Validates. */
  public LimitCheck {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(note, "note");
    topK = topK == null ? OptionalInt.empty() : topK;
  }

  /**
   * Creates the check of a limit that has no {@code k}.
   *
   * @param metric the metric
   * @param limit the limit as written
   * @param limitValue the limit in the metric's unit
   * @param actual the measured value, or empty
   * @param level warn or error
   * @param met whether the limit holds
   * @param note why a value over the limit still holds, or empty
   */
  public LimitCheck(
      Metric metric,
      String limit,
      double limitValue,
      OptionalDouble actual,
      Level level,
      boolean met,
      String note) {
    this(metric, limit, limitValue, actual, level, met, note, OptionalInt.empty());
  }

  /**
   * Returns the metric's name in sentences, with the {@code k} of a top-k limit ({@code top-5
   * accuracy}).
   *
   * @return the label
   */
  public String label() {
    return topK.isPresent() ? metric.label(topK.getAsInt()) : metric.label();
  }

  /**
   * Returns how far the measured value is inside the limit, in the metric's unit: positive when the
   * limit holds with room to spare, negative when it is exceeded.
   *
   * @return the margin, or empty if nothing was measured
   */
  public OptionalDouble margin() {
    if (actual.isEmpty()) {
      return OptionalDouble.empty();
    }
    double value = actual.getAsDouble();
    return OptionalDouble.of(
        metric.direction() == Metric.Direction.MIN ? value - limitValue : limitValue - value);
  }
}
