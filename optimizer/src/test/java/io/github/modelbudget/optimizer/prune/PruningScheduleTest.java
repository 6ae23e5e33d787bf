package io.github.modelbudget.optimizer.prune;

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

/**
 * The schedules against tfmot's formulas. Expected sparsities were computed by hand from {@code
 * final + (initial - final) * (1 - p)^3} (and checked with python3, e.g. {@code 0.8 + (0.5 - 0.8) *
 * (1 - 0.05)**3} for step 50).
 */
class PruningScheduleTest {

  @ParameterizedTest(name = "step {0}")
  @CsvSource({
    "0,    true,  0.5",
    "50,   false, 0.5427875",
    "100,  true,  0.5813",
    "150,  false, 0.6157625",
    "500,  true,  0.7625",
    "900,  true,  0.7997",
    "1000, true,  0.8",
    "1100, false, 0.8",
  })
  void polynomialDecay_seedsSchedule_matchesTheFormula(long step, boolean update, double sparsity) {
    PolynomialDecay schedule = PolynomialDecay.of(0.50, 0.80, 0, 1000);

    PruningSchedule.Decision decision = schedule.at(step);

    assertThat(decision.updateMasks(), is(update));
    assertThat(decision.sparsity(), closeTo(sparsity, 1e-12));
  }

  @Test
  void polynomialDecay_beforeBegin_holdsInitialSparsityAndDoesNotPrune() {
    PolynomialDecay schedule = new PolynomialDecay(0.2, 0.6, 200, 600, 2, 50);

    assertThat(schedule.at(100).updateMasks(), is(false));
    assertThat(schedule.at(100).sparsity(), closeTo(0.2, 1e-12));
    assertThat(schedule.at(250).updateMasks(), is(true));
    // p = 0.125: 0.6 + (0.2 - 0.6) * 0.875^2
    assertThat(schedule.at(250).sparsity(), closeTo(0.29375, 1e-12));
    assertThat(schedule.finalSparsity(), is(0.6));
  }

  @Test
  void constantSparsity_prunesOnFrequencyStepsUntilEnd() {
    ConstantSparsity schedule = new ConstantSparsity(0.7, 10, 310, 100);

    assertThat(schedule.at(9).updateMasks(), is(false));
    assertThat(schedule.at(10).updateMasks(), is(true));
    assertThat(schedule.at(110).updateMasks(), is(true));
    assertThat(schedule.at(111).updateMasks(), is(false));
    assertThat(schedule.at(410).updateMasks(), is(false));
    assertThat(schedule.at(410).sparsity(), is(0.7));
  }

  @Test
  void constantSparsity_endMinusOne_prunesForever() {
    ConstantSparsity schedule = new ConstantSparsity(0.5, 0, -1, 100);

    assertThat(schedule.at(1_000_000).updateMasks(), is(true));
  }

  @Nested
  @DisplayName("invalid schedules")
  class Invalid {

    @Test
    void finalSparsityOfOne_isRejected() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PolynomialDecay.of(0.5, 1.0, 0, 100));
      assertThat(e.getMessage(), containsString("finalSparsity must be in [0, 1) but was 1.0"));
    }

    @Test
    void endNotAfterBegin_isRejected() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> PolynomialDecay.of(0.5, 0.8, 100, 100));
      assertThat(e.getMessage(), containsString("endStep must be after beginStep"));
    }

    @Test
    void negativeInitialSparsity_isRejected() {
      assertThrows(IllegalArgumentException.class, () -> PolynomialDecay.of(-0.1, 0.8, 0, 100));
    }

    @Test
    void zeroFrequency_isRejected() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new ConstantSparsity(0.5, 0, 10, 0));
      assertThat(e.getMessage(), containsString("frequency must be at least 1"));
    }

    @Test
    void constantEndBeforeBegin_isRejected() {
      assertThrows(IllegalArgumentException.class, () -> new ConstantSparsity(0.5, 10, 5, 1));
    }
  }
}
