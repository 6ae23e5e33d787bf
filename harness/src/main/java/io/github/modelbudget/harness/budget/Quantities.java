package io.github.modelbudget.harness.budget;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats the quantities of budgets: byte sizes, durations, fractions, reductions. */
final class Quantities {

  private static final Pattern NUMBER_AND_UNIT =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*([A-Za-zµ%]*)\\s*");

  private static final Map<String, Long> BYTE_UNITS =
      Map.of(
          "B", 1L,
          "kB", 1_000L,
          "KB", 1_000L,
          "MB", 1_000_000L,
          "GB", 1_000_000_000L,
          "KiB", 1L << 10,
          "MiB", 1L << 20,
          "GiB", 1L << 30);

  private static final Map<String, Long> TIME_UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L);

  /** The longest quantity text parsed; "1.5 MB" needs a few characters, not thousands. */
  private static final int MAX_TEXT = 100;

  /** The largest decimal exponent of a limit's number (and the smallest, negated). */
  private static final int MAX_MAGNITUDE = 30;

  private Quantities() {}

  /** Parses "8 kB" (8000), "7.5 KiB" (7680), "14303 B" or "14303" into bytes. */
  static long bytes(String text) {
    Matcher m = match(text, "a size such as \"8 kB\", \"7.5 KiB\", \"1.5 MB\" or \"14303 B\"");
    String unit = m.group(2).isEmpty() ? "B" : m.group(2);
    Long factor = BYTE_UNITS.get(unit);
    if (factor == null) {
      throw new IllegalArgumentException(
          "unknown size unit '"
              + unit
              + "' in \""
              + text
              + "\"; use B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024)");
    }
    return whole(m.group(1), factor, text, "bytes");
  }

  /** Parses "2 ms", "150 us", "0.5 s" or a bare number of milliseconds into nanoseconds. */
  static long nanos(String text) {
    Matcher m = match(text, "a duration such as \"2 ms\", \"150 us\" or \"0.5 s\"");
    String unit = m.group(2).isEmpty() ? "ms" : m.group(2);
    Long factor = TIME_UNITS.get(unit);
    if (factor == null) {
      throw new IllegalArgumentException(
          "unknown time unit '" + unit + "' in \"" + text + "\"; use ns, us, ms or s");
    }
    return whole(m.group(1), factor, text, "nanoseconds");
  }

  /** Parses "97%" (0.97) or a fraction such as "0.97"; the result must lie in [0, 1]. */
  static double fraction(String text) {
    Matcher m = match(text, "a fraction such as 0.97 or a percentage such as \"97%\"");
    double value = real(m.group(1), text);
    switch (m.group(2)) {
      case "" -> {}
      case "%" -> value /= 100;
      default ->
          throw new IllegalArgumentException(
              "unknown unit '" + m.group(2) + "' in \"" + text + "\"; use a fraction or '%'");
    }
    if (value > 1) {
      throw new IllegalArgumentException("\"" + text + "\" is above 100%");
    }
    return value;
  }

  /**
   * Parses a size reduction: "45%" (the variant is at most 55% of the baseline), "2x" (at most
   * half), or a fraction such as 0.45; returns the reduction as a fraction in [0, 1).
   */
  static double reduction(String text) {
    Matcher m = match(text, "a reduction such as \"45%\" or \"2x\"");
    double value = real(m.group(1), text);
    double reduction =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "" -> value;
          case "%" -> value / 100;
          case "x" -> {
            if (value < 1) {
              throw new IllegalArgumentException(
                  "\"" + text + "\" is not a reduction: a factor must be at least 1x");
            }
            yield 1 - 1 / value;
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown unit '" + m.group(2) + "' in \"" + text + "\"; use '%' or 'x'");
        };
    if (reduction >= 1) {
      throw new IllegalArgumentException(
          "\"" + text + "\" asks for a reduction of 100% or more, which no model can meet");
    }
    return reduction;
  }

  /** Parses a regression error such as 0.05, in the targets' unit: a plain number. */
  static double error(String text) {
    Matcher m = match(text, "an error in the targets' unit such as 0.05");
    if (!m.group(2).isEmpty()) {
      throw new IllegalArgumentException(
          "an error is a plain number in the targets' unit but \""
              + text
              + "\" has '"
              + m.group(2)
              + "'; a percentage is only for increases over the baseline (maxMaeIncrease)");
    }
    return real(m.group(1), text);
  }

  /**
   * Parses an error increase: a plain number in the targets' unit (0.01) or a percentage of the
   * baseline's error ("10%", returned as 0.10).
   */
  static double errorIncrease(String text) {
    Matcher m =
        match(text, "an increase such as 0.01 (targets' unit) or \"10%\" (of the baseline)");
    double value = real(m.group(1), text);
    return switch (m.group(2)) {
      case "" -> value;
      case "%" -> value / 100;
      default ->
          throw new IllegalArgumentException(
              "unknown unit '"
                  + m.group(2)
                  + "' in \""
                  + text
                  + "\"; use a plain number in the targets' unit or '%' of the baseline's error");
    };
  }

  /** Formats a regression error with four significant digits: "0.01234". */
  static String formatError(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "∞";
  }

  /** Parses a whole count such as 25000. */
  static long count(String text) {
    Matcher m = match(text, "a whole number such as 25000");
    if (!m.group(2).isEmpty()) {
      throw new IllegalArgumentException(
          "a count takes no unit but \"" + text + "\" has '" + m.group(2) + "'");
    }
    return whole(m.group(1), 1, text, "parameters");
  }

  /** Formats bytes readably: "9.1 kB" for 9100, "812 B" below 1000. */
  static String formatBytes(double bytes) {
    if (bytes < 1000) {
      return String.format(Locale.ROOT, "%.0f B", bytes);
    }
    if (bytes < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1000);
    }
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1_000_000);
  }

  /** Formats nanoseconds as milliseconds: "1.234 ms". */
  static String formatNanos(double nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  /** Formats a fraction as a percentage: "97.50%". */
  static String formatPercent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
  }

  private static Matcher match(String text, String expected) {
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " but found "
              + text.length()
              + " characters: \""
              + quoted(text)
              + "\"");
    }
    Matcher m = NUMBER_AND_UNIT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected " + expected + " but found \"" + text + "\"");
    }
    return m;
  }

  /**
   * Parses the number of a matched quantity, refusing before any arithmetic a value whose magnitude
   * is outside [1e-30, 1e30]: "1e100000000" is a valid decimal, but expanding it would build a
   * hundred-million-digit number.
   */
  private static BigDecimal decimal(String number, String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(number);
    } catch (NumberFormatException e) {
      // An exponent beyond the int range.
      throw outOfRange(text);
    }
    if (value.signum() != 0) {
      long magnitude = (long) value.precision() - value.scale() - 1;
      if (magnitude > MAX_MAGNITUDE || magnitude < -MAX_MAGNITUDE) {
        throw outOfRange(text);
      }
    }
    return value;
  }

  private static IllegalArgumentException outOfRange(String text) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is out of range: a limit must lie between 1e-"
            + MAX_MAGNITUDE
            + " and 1e"
            + MAX_MAGNITUDE);
  }

  private static long whole(String number, long factor, String text, String what) {
    BigDecimal value = decimal(number, text).multiply(BigDecimal.valueOf(factor));
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is too large: the largest limit in " + what + " is " + Long.MAX_VALUE);
    }
    try {
      return value.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is "
              + value.stripTrailingZeros().toPlainString()
              + ", not a whole number of "
              + what,
          e);
    }
  }

  private static double real(String number, String text) {
    return decimal(number, text).doubleValue();
  }

  private static String quoted(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
