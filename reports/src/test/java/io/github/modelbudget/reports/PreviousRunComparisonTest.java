package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What counts as worse than the previous run. */
class PreviousRunComparisonTest {

  private static RunRecord run;
  private static VariantRecord quantized;

  @BeforeAll
  static void evaluate() {
    run = RunFixtures.realRun();
    quantized = run.variant("quantized").orElseThrow();
  }

  /** A previous run holding only the quantized variant, as given. */
  private static RunRecord previousWith(long zip, double accuracy, long p50) {
    return RunFixtures.withVariants(
        run,
        List.of(
            RunFixtures.renamed(
                quantized,
                "quantized",
                zip,
                accuracy,
                Optional.of(LatencyStats.of(new long[] {p50, p50, p50})))));
  }

  private static List<String> changes(RunRecord previous) {
    return PreviousRunComparison.of(run, previous).regressions().stream()
        .filter(r -> r.variant().equals("quantized"))
        .map(Regression::change)
        .toList();
  }

  @Test
  void sameNumbers_nothingFlagged() {
    long p50 = quantized.latency().orElseThrow().p50Nanos();

    assertThat(
        changes(previousWith(quantized.sizes().zip(), quantized.evaluation().accuracy(), p50)),
        empty());
  }

  @Test
  void oneByteBigger_flagged() {
    long p50 = quantized.latency().orElseThrow().p50Nanos();

    assertThat(
        changes(previousWith(quantized.sizes().zip() - 1, quantized.evaluation().accuracy(), p50)),
        contains("bigger"));
  }

  @Test
  void latencyWithinTolerance_notFlagged_beyondIt_flagged() {
    long p50 = quantized.latency().orElseThrow().p50Nanos();
    double accuracy = quantized.evaluation().accuracy();
    long zip = quantized.sizes().zip();

    assertThat(changes(previousWith(zip, accuracy, Math.round(p50 / 1.04))), empty());
    assertThat(changes(previousWith(zip, accuracy, Math.round(p50 / 1.10))), contains("slower"));
  }

  @Test
  void lowerAccuracy_flaggedWithPoints() {
    long p50 = quantized.latency().orElseThrow().p50Nanos();
    PreviousRunComparison comparison =
        PreviousRunComparison.of(
            run,
            previousWith(quantized.sizes().zip(), quantized.evaluation().accuracy() + 0.01, p50));

    Regression r = comparison.regressions().get(0);
    assertThat(r.change(), is("less accurate"));
    assertThat(r.message().endsWith("(-1.00 pp)"), is(true));
    assertThat(comparison.sameDataset(), is(true));
    assertThat(comparison.newVariants(), contains("baseline", "pruned", "pruned_quantized"));
    assertThat(comparison.missingVariants(), empty());
  }
}
