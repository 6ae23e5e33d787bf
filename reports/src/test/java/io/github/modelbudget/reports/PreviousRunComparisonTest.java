package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.results.DatasetSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
    return previousWith(zip, accuracy, LatencyStats.of(new long[] {p50, p50, p50}));
  }

  private static RunRecord previousWith(long zip, double accuracy, LatencyStats latency) {
    return RunFixtures.withVariants(
        run,
        List.of(RunFixtures.renamed(quantized, "quantized", zip, accuracy, Optional.of(latency))));
  }

  /** 200 timings around {@code micros} µs with 3% noise, in 10 repetitions, seeded. */
  private static LatencyStats timings(double micros, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] nanos = new long[200];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = Math.round(micros * 1e3 * (1 + 0.03 * random.nextGaussian()));
    }
    return LatencyStats.of(nanos, 10).withSettings(LatencySettings.defaults());
  }

  /** This run with the quantized variant's latency replaced. */
  private static RunRecord currentWith(LatencyStats latency) {
    List<VariantRecord> variants = new ArrayList<>();
    for (VariantRecord v : run.variants()) {
      variants.add(v.name().equals("quantized") ? v.withLatency(latency) : v);
    }
    return run.withVariants(variants);
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
  void latency_noiseOnly_notFlagged_twiceAsSlow_flaggedByTheRankTest() {
    double accuracy = quantized.evaluation().accuracy();
    long zip = quantized.sizes().zip();
    RunRecord previous = previousWith(zip, accuracy, timings(8.0, 1L));

    PreviousRunComparison noise = PreviousRunComparison.of(currentWith(timings(8.0, 2L)), previous);
    PreviousRunComparison slower =
        PreviousRunComparison.of(currentWith(timings(16.0, 3L)), previous);

    assertThat(noise.regressions(), empty());
    assertThat(noise.notCompared(), empty());
    Regression r = slower.regressions().get(0);
    assertThat(r.change(), is("slower"));
    assertThat(r.message(), containsString("Mann-Whitney p = "));
    assertThat(r.message(), containsString("µs"));
  }

  @Test
  void latency_withoutEnoughRepetitions_isNotComparedAndSaysWhy() {
    long p50 = quantized.latency().orElseThrow().p50Nanos();

    PreviousRunComparison comparison =
        PreviousRunComparison.of(
            currentWith(timings(80.0, 2L)),
            previousWith(quantized.sizes().zip(), quantized.evaluation().accuracy(), p50));

    assertThat(comparison.regressions(), empty());
    assertThat(comparison.notCompared().get(0), containsString("at least 9 are needed"));
  }

  @Test
  void anotherDataset_accuracyNotCompared_sizesStill() {
    long p50 = quantized.latency().orElseThrow().p50Nanos();
    RunRecord other = previousWith(quantized.sizes().zip() - 1, 1.0, p50);
    RunRecord elsewhere =
        new RunRecord(
            other.schemaVersion(),
            other.runId(),
            other.timestamp(),
            other.baseline(),
            new DatasetSummary(
                "other", 10, "f".repeat(64), other.dataset().sampleShape(), List.of("a", "b")),
            other.environment(),
            other.variants(),
            List.of(),
            List.of());

    PreviousRunComparison comparison = PreviousRunComparison.of(run, elsewhere);

    assertThat(comparison.sameDataset(), is(false));
    assertThat(
        comparison.regressions().stream().map(Regression::change).toList(), contains("bigger"));
    assertThat(comparison.notCompared().get(0), containsString("another dataset ('other'"));
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
