package io.github.modelbudget.optimizer.prune;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class MagnitudeMaskTest {

  @Test
  void keptCount_roundsAndKeepsAtLeastOne() {
    assertThat(MagnitudeMask.keptCount(10, 0.8), is(2));
    assertThat(MagnitudeMask.keptCount(108, 0.8), is(22)); // round(21.6)
    assertThat(MagnitudeMask.keptCount(3, 0.99), is(1));
    assertThat(MagnitudeMask.keptCount(5, 0.0), is(5));
  }

  @Test
  void apply_keepsTheLargestMagnitudesWithTheirSigns() {
    float[] weights = {0.1f, -0.9f, 0.3f, -0.05f, 0.7f, 0.2f};

    float[] pruned = MagnitudeMask.apply(weights, 0.5);

    assertThat(pruned, is(new float[] {0f, -0.9f, 0.3f, 0f, 0.7f, 0f}));
  }

  @Test
  void of_tiesAtTheThreshold_areAllKept() {
    float[] weights = {1f, -1f, 1f, 0.5f};

    float[] mask = MagnitudeMask.of(weights, 0.5);

    assertThat(mask, is(new float[] {1f, 1f, 1f, 0f}));
  }
}
