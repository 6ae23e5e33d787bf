package io.github.modelbudget.reports;

import io.github.modelbudget.harness.results.EnvironmentSummary;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.OptionalDouble;

/** Formats numbers the same way in every report: HTML, Markdown and the charts' labels. */
final class Formats {

  /** Shown where a value was not measured or does not apply. */
  static final String NONE = "—";

  private Formats() {}

  static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", fraction * 100) : NONE;
  }

  static String interval(double lower, double upper) {
    return String.format(Locale.ROOT, "%.2f–%.2f%%", lower * 100, upper * 100);
  }

  static String points(OptionalDouble delta) {
    return delta.isPresent() && Double.isFinite(delta.getAsDouble())
        ? String.format(Locale.ROOT, "%+.2f pp", delta.getAsDouble() * 100)
        : NONE;
  }

  static String pValue(OptionalDouble p) {
    if (p.isEmpty() || !Double.isFinite(p.getAsDouble())) {
      return NONE;
    }
    double value = p.getAsDouble();
    return value < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", value);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String ratio(OptionalDouble ratio) {
    return ratio.isPresent() && Double.isFinite(ratio.getAsDouble())
        ? String.format(Locale.ROOT, "%.3f×", ratio.getAsDouble())
        : NONE;
  }

  /**
   * A duration in the unit that suits its magnitude, with three significant digits: {@code 850 ns},
   * {@code 22.8 µs}, {@code 1.23 ms}, {@code 2.50 s}.
   */
  static String duration(double nanos) {
    double magnitude = Math.abs(nanos);
    if (magnitude < 999.5) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (magnitude < 999.5e3) {
      return threeDigits(nanos / 1e3) + " µs";
    }
    if (magnitude < 999.5e6) {
      return threeDigits(nanos / 1e6) + " ms";
    }
    return threeDigits(nanos / 1e9) + " s";
  }

  private static String threeDigits(double value) {
    double magnitude = Math.abs(value);
    String format = magnitude >= 99.95 ? "%.0f" : magnitude >= 9.995 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, format, value);
  }

  static String decimal(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : NONE;
  }

  /** A regression error in the targets' unit, four significant digits: {@code 0.05012}. */
  static String error(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : NONE;
  }

  /** A change of a regression error, with its sign: {@code +0.01250}. */
  static String signedError(OptionalDouble delta) {
    return delta.isPresent() && Double.isFinite(delta.getAsDouble())
        ? String.format(Locale.ROOT, "%+.4g", delta.getAsDouble())
        : NONE;
  }

  /** The evaluator's settings, as the HTML and the Markdown say them. */
  static String settings(EnvironmentSummary e) {
    return e.threads()
        + (e.threads() == 1 ? " evaluator thread" : " evaluator threads")
        + " ("
        + e.interpreterThreads()
        + " per interpreter), batch "
        + e.batchSize()
        + ", XNNPACK "
        + (e.xnnpack() ? "on" : "off");
  }

  /** An ISO-8601 instant to the second, for people: {@code 2026-12-01 12:33:09 UTC}. */
  static String timestamp(String iso) {
    try {
      Instant instant = Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS);
      return instant.toString().replace('T', ' ').replace("Z", " UTC");
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
