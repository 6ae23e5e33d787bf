package io.github.modelbudget.harness.budget;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits a model variant must stay within, checked all at once by {@link BudgetCheck}.
 *
 * <pre>{@code
 * Budget budget =
 *     Budget.none()
 *         .with(Metric.MIN_ACCURACY, "0.97")
 *         .with(Metric.MAX_ACCURACY_DROP, "0.5%")
 *         .with(Metric.MAX_ZIP_SIZE, "8 kB")
 *         .with(Metric.MIN_SIZE_REDUCTION, Limit.parse(Metric.MIN_SIZE_REDUCTION, "2x").withLevel(Level.WARN));
 * }</pre>
 *
 * @param limits the limits by metric; absent metrics are not checked
 * @param level the level of limits that have none of their own
 * @param alpha the significance level of the McNemar test on accuracy drops, in (0, 1)
 * @param significantDropsOnly whether an accuracy drop above its limit is a violation only when it
 *     is significant ({@code p < alpha}), and likewise a regression error increase (Wilcoxon
 *     signed-rank on the paired absolute errors); when {@code false} every one above the limit is
 *     one
 * @param topK the {@code k} of the top-k limits ({@link Metric#isTopK()}), at least 1
 */
public record Budget(
    Map<Metric, Limit> limits, Level level, double alpha, boolean significantDropsOnly, int topK) {

  /** The default significance level. */
  public static final double DEFAULT_ALPHA = 0.05;

  /** The default {@code k} of top-k limits. */
  public static final int DEFAULT_TOP_K = 5;

  /** Validates and copies. */
  public Budget {
    EnumMap<Metric, Limit> copy = new EnumMap<>(Metric.class);
    copy.putAll(Objects.requireNonNull(limits, "limits"));
    copy.values().forEach(Objects::requireNonNull);
    limits = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(level, "level");
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1) but was " + alpha);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1 but was " + topK);
    }
  }

  /**
   * Creates a budget whose top-k limits, if any, use {@code k} = {@value #DEFAULT_TOP_K}.
   *
   * @param limits the limits by metric
   * @param level the level of limits that have none of their own
   * @param alpha the significance level of the McNemar test on drops
   * @param significantDropsOnly whether only significant drops are violations
   */
  public Budget(
      Map<Metric, Limit> limits, Level level, double alpha, boolean significantDropsOnly) {
    this(limits, level, alpha, significantDropsOnly, DEFAULT_TOP_K);
  }

  /**
   * Returns a budget without limits, at level {@code error}, alpha 0.05, failing on every drop
   * above its limit.
   *
   * @return the empty budget
   */
  public static Budget none() {
    return new Budget(Map.of(), Level.ERROR, DEFAULT_ALPHA, false);
  }

  /**
   * Returns a copy with one limit set.
   *
   * @param metric the metric
   * @param limit the limit
   * @return the new budget
   */
  public Budget with(Metric metric, Limit limit) {
    Map<Metric, Limit> copy = new EnumMap<>(Metric.class);
    copy.putAll(limits);
    copy.put(metric, limit);
    return new Budget(copy, level, alpha, significantDropsOnly, topK);
  }

  /**
   * Returns a copy with one limit parsed and set.
   *
   * @param metric the metric
   * @param text the limit as written, e.g. {@code "8 kB"}
   * @return the new budget
   * @throws IllegalArgumentException if the text is not a valid value of the metric
   */
  public Budget with(Metric metric, String text) {
    return with(metric, Limit.parse(metric, text));
  }

  /**
   * Returns a copy at another level.
   *
   * @param level the level of limits without their own
   * @return the new budget
   */
  public Budget withLevel(Level level) {
    return new Budget(limits, level, alpha, significantDropsOnly, topK);
  }

  /**
   * Returns a copy with another significance level.
   *
   * @param alpha the level in (0, 1)
   * @return the new budget
   */
  public Budget withAlpha(double alpha) {
    return new Budget(limits, level, alpha, significantDropsOnly, topK);
  }

  /**
   * Returns a copy that fails on significant drops only, or on every drop.
   *
   * @param significantDropsOnly whether only significant drops are violations
   * @return the new budget
   */
  public Budget withSignificantDropsOnly(boolean significantDropsOnly) {
    return new Budget(limits, level, alpha, significantDropsOnly, topK);
  }

  /**
   * Returns a copy whose top-k limits use another {@code k}.
   *
   * @param topK at least 1
   * @return the new budget
   */
  public Budget withTopK(int topK) {
    return new Budget(limits, level, alpha, significantDropsOnly, topK);
  }

  /**
   * Returns the limit of a metric.
   *
   * @param metric the metric
   * @return the limit, or empty if the budget does not limit it
   */
  public Optional<Limit> limit(Metric metric) {
    return Optional.ofNullable(limits.get(metric));
  }

  /**
   * Returns the level a limit is checked at: its own, or the budget's.
   *
   * @param limit one of this budget's limits
   * @return the effective level
   */
  public Level levelOf(Limit limit) {
    return limit.level().orElse(level);
  }

  /**
   * Returns this budget with an override applied: its limits replace these one by one, and its
   * settings replace these where it has them.
   *
   * @param override the override
   * @return the combined budget
   */
  public Budget apply(BudgetOverride override) {
    Map<Metric, Limit> combined = new EnumMap<>(Metric.class);
    combined.putAll(limits);
    combined.putAll(override.limits());
    return new Budget(
        combined,
        override.level().orElse(level),
        override.alpha().orElse(alpha),
        override.significantDropsOnly().orElse(significantDropsOnly),
        override.topK().orElse(topK));
  }
}
