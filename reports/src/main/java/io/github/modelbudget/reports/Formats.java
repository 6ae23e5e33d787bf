package io.github.modelbudget.reports;

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

  static String millis(double nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  static String decimal(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : NONE;
  }
}
