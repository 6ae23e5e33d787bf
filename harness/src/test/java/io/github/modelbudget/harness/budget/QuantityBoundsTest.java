package io.github.modelbudget.harness.budget;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers far outside any budget are refused by their size, in a short message, before any
 * arithmetic (issue: "1e100000000 B" built a 100 MB message, "1e2147483647 B" was an internal
 * error, 1e30 was "not a whole number").
 */
class QuantityBoundsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {"1e100000000 B", "1e2147483647 B", "1e2147483648 B", "1e-100000000 B", "1e31"})
  void hugeOrTinyExponents_areOutOfRange_inAShortMessage(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse(text));

    assertThat(e.getMessage(), containsString("out of range"));
    assertThat(e.getMessage().length(), lessThan(200));
  }

  @Test
  void wholeNumberAboveTheLargestLimit_isTooLarge_notFractional() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse("1e30"));

    assertThat(e.getMessage(), allOf(containsString("too large"), not(containsString("whole"))));
  }

  @Test
  void fractionalBytes_areStillNotAWholeNumber() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse("0.5 B"));

    assertThat(e.getMessage(), containsString("0.5, not a whole number of bytes"));
  }

  @Test
  void largeButSensibleSizes_stillParse() {
    assertThat(Metric.MAX_ZIP_SIZE.parse("1e12 B"), is(1e12));
    assertThat(Metric.MAX_LATENCY_P95.parse("1e3 s"), is(1e12));
  }

  @Test
  void overlongText_isRefusedWithoutEchoingAllOfIt() {
    String text = "1".repeat(100_000) + " B";

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metric.MAX_ZIP_SIZE.parse(text));

    assertThat(e.getMessage().length(), lessThan(300));
  }

  @Test
  void budgetFile_withAHugeExponent_namesTheFileAndLine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("budget.json"), "{\"default\": {\n\"maxZipSize\": \"1e100000000 B\"}}");

    BudgetFileException e = assertThrows(BudgetFileException.class, () -> BudgetFile.read(file));

    assertThat(
        e.getMessage(),
        allOf(containsString("budget.json line 2"), containsString("out of range")));
    assertThat(e.getMessage().length(), lessThan(300));
  }
}
