package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Limit values as people write them: sizes with units, percentages, factors, durations. */
class MetricParsingTest {

  @ParameterizedTest(name = "\"{0}\" = {1} B")
  @CsvSource({
    "8 kB, 8000",
    "7.5 KiB, 7680",
    "14303 B, 14303",
    "14303, 14303",
    "1.5 MB, 1500000",
    "1 MiB, 1048576",
    "8KB, 8000",
    "0.5 GiB, 536870912"
  })
  void sizes_withUnits_parseToBytes(String text, long bytes) {
    assertThat(Metric.MAX_GZIP_SIZE.parse(text), is((double) bytes));
  }

  @ParameterizedTest(name = "\"{0}\" = {1}")
  @CsvSource({"45%, 0.45", "2x, 0.5", "4x, 0.75", "1x, 0.0", "0.3, 0.3"})
  void sizeReduction_percentOrFactor_parsesToFraction(String text, double reduction) {
    assertThat(Metric.MIN_SIZE_REDUCTION.parse(text), closeTo(reduction, 1e-15));
  }

  @ParameterizedTest(name = "\"{0}\" = {1}")
  @CsvSource({"0.97, 0.97", "97%, 0.97", "0.5%, 0.005", "100%, 1.0"})
  void fractions_numberOrPercent_parse(String text, double value) {
    assertThat(Metric.MIN_ACCURACY.parse(text), closeTo(value, 1e-15));
  }

  @ParameterizedTest(name = "\"{0}\" = {1} ns")
  @CsvSource({"2 ms, 2000000", "150 us, 150000", "0.5 s, 500000000", "3, 3000000", "40 ns, 40"})
  void durations_withUnits_parseToNanos(String text, long nanos) {
    assertThat(Metric.MAX_LATENCY_P95.parse(text), is((double) nanos));
  }

  @Test
  void format_bytesAndPercent_readable() {
    assertThat(Metric.MAX_GZIP_SIZE.format(9100), is("9.1 kB"));
    assertThat(Metric.MAX_GZIP_SIZE.format(812), is("812 B"));
    assertThat(Metric.MIN_ACCURACY.format(0.975), is("97.50%"));
  }

  @Nested
  @DisplayName("bad values")
  class BadValues {

    @Test
    void unknownSizeUnit_namesTheUnitAndTheValidOnes() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse("8 kb"));

      assertThat(e.getMessage(), containsString("unknown size unit 'kb'"));
      assertThat(e.getMessage(), containsString("KiB"));
    }

    @Test
    void fractionalBytes_rejected() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse("1.5 B"));

      assertThat(e.getMessage(), containsString("not a whole number of bytes"));
    }

    @Test
    void percentAboveHundred_rejected() {
      assertThrows(IllegalArgumentException.class, () -> Metric.MIN_ACCURACY.parse("120%"));
    }

    @Test
    void factorBelowOne_rejected() {
      assertThrows(IllegalArgumentException.class, () -> Metric.MIN_SIZE_REDUCTION.parse("0.5x"));
    }

    @Test
    void notANumber_rejected() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse("big"));

      assertThat(e.getMessage(), containsString("\"big\""));
    }

    @Test
    void countWithUnit_rejected() {
      assertThrows(
          IllegalArgumentException.class, () -> Metric.MAX_NONZERO_PARAMETERS.parse("20 kB"));
    }
  }
}
