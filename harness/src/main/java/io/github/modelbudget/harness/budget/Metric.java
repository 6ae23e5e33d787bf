package io.github.modelbudget.harness.budget;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A quantity a {@link Budget} can limit, with its key in budget files, the direction of its limit
 * and how its values are written.
 */
public enum Metric {
  /** The variant's accuracy must be at least the limit: {@code 0.97} or {@code "97%"}. */
  MIN_ACCURACY("minAccuracy", "accuracy", Direction.MIN, Kind.FRACTION, Needs.EVALUATION),
  /**
   * The baseline's accuracy minus the variant's, in absolute points, must be at most the limit:
   * {@code 0.005} or {@code "0.5%"}.
   */
  MAX_ACCURACY_DROP(
      "maxAccuracyDrop", "accuracy drop", Direction.MAX, Kind.FRACTION, Needs.BASELINE_EVALUATION),
  /** The accuracy drop divided by the baseline's accuracy must be at most the limit. */
  MAX_RELATIVE_ACCURACY_DROP(
      "maxRelativeAccuracyDrop",
      "relative accuracy drop",
      Direction.MAX,
      Kind.FRACTION,
      Needs.BASELINE_EVALUATION),
  /** The size of a gzip stream of the model must be at most the limit: {@code "8 kB"}. */
  MAX_GZIP_SIZE("maxGzipSize", "gzipped size", Direction.MAX, Kind.BYTES, Needs.MODEL),
  /**
   * The size of a one-entry ZIP archive of the model (the "gzipped size" of the TensorFlow Model
   * Optimization guides) must be at most the limit.
   */
  MAX_ZIP_SIZE("maxZipSize", "zipped size", Direction.MAX, Kind.BYTES, Needs.MODEL),
  /**
   * The variant's ZIP size must be smaller than the baseline's by at least the limit: {@code "45%"}
   * (at most 55% of it) or {@code "2x"} (at most half).
   */
  MIN_SIZE_REDUCTION(
      "minSizeReduction", "size reduction", Direction.MIN, Kind.REDUCTION, Needs.BASELINE_MODEL),
  /**
   * The fraction of samples where variant and baseline predict the same class; for regression,
   * where every output is within 1% of the targets' range of the baseline's.
   */
  MIN_AGREEMENT(
      "minAgreement",
      "agreement with the baseline",
      Direction.MIN,
      Kind.FRACTION,
      Needs.BASELINE_EVALUATION),
  /** The number of parameters that are not zero. */
  MAX_NONZERO_PARAMETERS(
      "maxNonzeroParameters", "nonzero parameter count", Direction.MAX, Kind.COUNT, Needs.MODEL),
  /** The median latency of one invocation: {@code "2 ms"}. */
  MAX_LATENCY_P50("maxLatencyP50", "latency p50", Direction.MAX, Kind.NANOS, Needs.LATENCY),
  /** The 95th percentile latency of one invocation. */
  MAX_LATENCY_P95("maxLatencyP95", "latency p95", Direction.MAX, Kind.NANOS, Needs.LATENCY),
  /**
   * The fraction of samples whose true class is among the variant's {@link Budget#topK()} highest
   * scores must be at least the limit: {@code 0.9} or {@code "90%"}.
   */
  MIN_TOP_K_ACCURACY(
      "minTopKAccuracy", "top-k accuracy", Direction.MIN, Kind.FRACTION, Needs.EVALUATION),
  /**
   * The baseline's top-k accuracy minus the variant's, in absolute points, must be at most the
   * limit; with {@link Budget#significantDropsOnly()} only a drop McNemar's test on the top-k hits
   * calls significant counts.
   */
  MAX_TOP_K_ACCURACY_DROP(
      "maxTopKAccuracyDrop",
      "top-k accuracy drop",
      Direction.MAX,
      Kind.FRACTION,
      Needs.BASELINE_EVALUATION),
  /**
   * A regression model's mean absolute error, in the targets' unit: {@code 0.05}. A limit on a
   * classifier is not measured, a violation.
   */
  MAX_MAE("maxMae", "MAE", Direction.MAX, Kind.ERROR, Needs.EVALUATION),
  /** A regression model's root mean squared error, in the targets' unit. */
  MAX_RMSE("maxRmse", "RMSE", Direction.MAX, Kind.ERROR, Needs.EVALUATION),
  /** A regression model's largest absolute error on any output of any sample. */
  MAX_MAX_ERROR("maxMaxError", "max absolute error", Direction.MAX, Kind.ERROR, Needs.EVALUATION),
  /**
   * The variant's MAE minus the baseline's, in the targets' unit ({@code 0.01}), or relative to the
   * baseline's MAE when written as a percentage ({@code "10%"}: at most 10% above it).
   */
  MAX_MAE_INCREASE(
      "maxMaeIncrease",
      "MAE increase",
      Direction.MAX,
      Kind.ERROR_INCREASE,
      Needs.BASELINE_EVALUATION),
  /** The RMSE increase over the baseline, absolute or, as a percentage, relative. */
  MAX_RMSE_INCREASE(
      "maxRmseIncrease",
      "RMSE increase",
      Direction.MAX,
      Kind.ERROR_INCREASE,
      Needs.BASELINE_EVALUATION),
  /** The max-error increase over the baseline, absolute or, as a percentage, relative. */
  MAX_MAX_ERROR_INCREASE(
      "maxMaxErrorIncrease",
      "max absolute error increase",
      Direction.MAX,
      Kind.ERROR_INCREASE,
      Needs.BASELINE_EVALUATION);

  /** Whether a limit is a floor or a ceiling. */
  public enum Direction {
    /** The actual value must be at least the limit. */
    MIN,
    /** The actual value must be at most the limit. */
    MAX
  }

  /** How values of a metric are written and shown. */
  public enum Kind {
    /** A fraction in [0, 1], written as a number or a percentage. */
    FRACTION,
    /** Bytes, written with a unit. */
    BYTES,
    /** A fraction of size saved, written as a percentage or a factor ("2x"). */
    REDUCTION,
    /** A whole count. */
    COUNT,
    /** A duration in nanoseconds, written with a unit. */
    NANOS,
    /** A regression error in the targets' unit, a plain non-negative number. */
    ERROR,
    /**
     * An increase of a regression error over the baseline's: a plain number in the targets' unit,
     * or a percentage of the baseline's error ({@link #isRelative(String)}).
     */
    ERROR_INCREASE
  }

  /** What a metric is measured from. */
  private enum Needs {
    MODEL,
    BASELINE_MODEL,
    EVALUATION,
    BASELINE_EVALUATION,
    LATENCY
  }

  private final String key;
  private final String label;
  private final Direction direction;
  private final Kind kind;
  private final Needs needs;

  Metric(String key, String label, Direction direction, Kind kind, Needs needs) {
    this.key = key;
    this.label = label;
    this.direction = direction;
    this.kind = kind;
    this.needs = needs;
  }

  /**
   * Tells whether the metric compares a variant with its baseline (an accuracy drop, agreement, a
   * size reduction). Such limits do not apply to the baseline itself: checked on the baseline they
   * are reported as not applicable, neither met nor violated.
   *
   * @return {@code true} for the metrics relative to the baseline
   */
  public boolean isRelativeToBaseline() {
    return needs == Needs.BASELINE_MODEL || needs == Needs.BASELINE_EVALUATION;
  }

  /**
   * Tells whether measuring the metric needs the model's latency to be measured.
   *
   * @return {@code true} for the latency percentiles
   */
  public boolean needsLatency() {
    return needs == Needs.LATENCY;
  }

  /**
   * Tells whether measuring the metric needs the model to be evaluated on data (and, for relative
   * metrics, the baseline too).
   *
   * @return {@code true} for accuracy, accuracy drops and agreement
   */
  public boolean needsEvaluation() {
    return needs == Needs.EVALUATION || needs == Needs.BASELINE_EVALUATION;
  }

  /**
   * Returns the metric's key in budget files, e.g. {@code maxGzipSize}.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Returns the metric's name in sentences, e.g. {@code gzipped size}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Returns the metric's name in sentences for a budget's {@code k}: {@code top-5 accuracy} for the
   * top-k metrics, {@link #label()} for the others.
   *
   * @param topK the budget's {@code k}
   * @return the label
   */
  public String label(int topK) {
    return isTopK() ? label.replace("top-k", "top-" + topK) : label;
  }

  /**
   * Tells whether the metric is measured on the top-k hits, with the budget's {@code k}.
   *
   * @return {@code true} for the top-k accuracy and its drop
   */
  public boolean isTopK() {
    return this == MIN_TOP_K_ACCURACY || this == MAX_TOP_K_ACCURACY_DROP;
  }

  /**
   * Returns whether the limit is a floor or a ceiling.
   *
   * @return the direction
   */
  public Direction direction() {
    return direction;
  }

  /**
   * Returns how values are written.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Finds a metric by its key in budget files.
   *
   * @param key the key, e.g. {@code minAccuracy}
   * @return the metric, or empty if no metric has that key
   */
  public static Optional<Metric> byKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }

  /**
   * Returns every key, for messages that list the valid ones.
   *
   * @return the keys in declaration order
   */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Metric::key).toList();
  }

  /**
   * Parses a limit value as written in a budget file or annotation.
   *
   * @param text e.g. {@code "8 kB"}, {@code "97%"}, {@code "2x"}, {@code "2 ms"}, {@code 0.97}
   * @return the value in the metric's unit: a fraction, bytes, a count or nanoseconds
   * @throws IllegalArgumentException if the text is not a valid value of this metric
   */
  public double parse(String text) {
    return switch (kind) {
      case FRACTION -> Quantities.fraction(text);
      case BYTES -> Quantities.bytes(text);
      case REDUCTION -> Quantities.reduction(text);
      case COUNT -> Quantities.count(text);
      case NANOS -> Quantities.nanos(text);
      case ERROR -> Quantities.error(text);
      case ERROR_INCREASE -> Quantities.errorIncrease(text);
    };
  }

  /**
   * Tells whether a limit of this metric, as written, is relative to the baseline's value: an error
   * increase written as a percentage ({@code "10%"}).
   *
   * @param limitText the limit as written
   * @return {@code true} for a relative error increase
   */
  public boolean isRelative(String limitText) {
    return kind == Kind.ERROR_INCREASE && limitText.trim().endsWith("%");
  }

  /**
   * Formats a value measured against a limit: as {@link #format(double)}, except that an error
   * increase checked against a relative limit is a percentage.
   *
   * @param value the value in the limit's unit
   * @param limitText the limit as written
   * @return the text
   */
  public String format(double value, String limitText) {
    return isRelative(limitText) ? Quantities.formatPercent(value) : format(value);
  }

  /**
   * Formats a value of this metric for people: "9.1 kB", "97.50%", "1.234 ms".
   *
   * @param value the value in the metric's unit
   * @return the text
   */
  public String format(double value) {
    return switch (kind) {
      case FRACTION, REDUCTION -> Quantities.formatPercent(value);
      case BYTES -> Quantities.formatBytes(value);
      case COUNT -> String.format(Locale.ROOT, "%,.0f", value);
      case NANOS -> Quantities.formatNanos(value);
      case ERROR, ERROR_INCREASE -> Quantities.formatError(value);
    };
  }
}
