package io.github.modelbudget.harness.eval;

import java.util.List;
import java.util.Objects;

/**
 * A variant's and its baseline's top-k hits on the same samples for every {@code k} at once, so
 * that a budget of any {@code k} can be checked from a run record: the two {@link TopKCounts} and
 * the discordant pairs, {@code baselineOnly.get(k - 1)} samples in the baseline's top k but not the
 * variant's and {@code variantOnly.get(k - 1)} the other way round. Past the lists' end there are
 * none (both cover every sample).
 *
 * @param baseline the baseline's hits
 * @param variant the variant's hits
 * @param baselineOnly discordant samples the baseline has in its top k, by {@code k - 1}
 * @param variantOnly discordant samples the variant has in its top k, by {@code k - 1}
 */
public record PairedTopK(
    TopKCounts baseline, TopKCounts variant, List<Long> baselineOnly, List<Long> variantOnly) {

  /** Validates and copies. */
  public PairedTopK {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(variant, "variant");
    baselineOnly = List.copyOf(baselineOnly);
    variantOnly = List.copyOf(variantOnly);
    if (baseline.samples() != variant.samples() || baselineOnly.size() != variantOnly.size()) {
      throw new IllegalArgumentException(
          "paired top-k hits need the same samples and as many discordant counts of each kind");
    }
  }

  /**
   * Pairs two rank arrays (the classes scored strictly higher than each sample's true class).
   *
   * @param baselineRanks the baseline's ranks
   * @param variantRanks the variant's ranks, of the same samples
   * @return the pairing
   */
  static PairedTopK of(int[] baselineRanks, int[] variantRanks) {
    int length = 0;
    for (int i = 0; i < baselineRanks.length; i++) {
      length = Math.max(length, Math.max(baselineRanks[i], variantRanks[i]));
    }
    // Sample i is a baseline-only hit for every k in (rb, rv]; difference arrays count them for
    // every k in one pass over the samples.
    long[] bDelta = new long[length + 1];
    long[] cDelta = new long[length + 1];
    for (int i = 0; i < baselineRanks.length; i++) {
      int rb = baselineRanks[i];
      int rv = variantRanks[i];
      if (rb < rv) {
        bDelta[rb]++;
        bDelta[rv]--;
      } else if (rv < rb) {
        cDelta[rv]++;
        cDelta[rb]--;
      }
    }
    Long[] b = new Long[length];
    Long[] c = new Long[length];
    long bRun = 0;
    long cRun = 0;
    for (int j = 0; j < length; j++) {
      bRun += bDelta[j];
      cRun += cDelta[j];
      b[j] = bRun;
      c[j] = cRun;
    }
    return new PairedTopK(
        TopKCounts.fromRanks(baselineRanks),
        TopKCounts.fromRanks(variantRanks),
        List.of(b),
        List.of(c));
  }

  /**
   * Returns the paired comparison for one {@code k}.
   *
   * @param k at least 1
   * @return both top-k accuracies and McNemar's test on the top-k hits
   */
  public TopKComparison at(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1 but was " + k);
    }
    long b = k > baselineOnly.size() ? 0 : baselineOnly.get(k - 1);
    long c = k > variantOnly.size() ? 0 : variantOnly.get(k - 1);
    return new TopKComparison(
        k, baseline.at(k), variant.at(k), b, c, Statistics.mcNemarExact(b, c));
  }
}
