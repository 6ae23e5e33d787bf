package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** The byte-counting progress line that {@code demo --download} draws. */
class ProgressLineTest {

  @Test
  void renderBytes_unknownTotal_showsTheMegabytesDone() {
    assertThat(ProgressLine.renderBytes("x", 12_345_678, -1), is("x 12.3 MB"));
    assertThat(
        ProgressLine.renderBytes("x", 50_000_000, 100_000_000),
        is("x [" + "#".repeat(15) + " ".repeat(15) + "] 50.0/100.0 MB"));
  }
}
