package io.github.modelbudget.reports;

import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed since a previous run (e.g. the main branch's last one): every variant that got
 * bigger, slower or less accurate, and the variants that came or went.
 *
 * @param runId the previous run's id
 * @param timestamp when the previous run finished
 * @param sameDataset whether both runs measured the same dataset (same digest); accuracies of
 *     different datasets are compared all the same, but say less
 * @param regressions every variant that got worse, by variant then metric
 * @param newVariants variants this run has and the previous did not
 * @param missingVariants variants the previous run had and this one does not
 */
public record PreviousRunComparison(
    String runId,
    String timestamp,
    boolean sameDataset,
    List<Regression> regressions,
    List<String> newVariants,
    List<String> missingVariants) {

  /**
   * How much slower the median latency must be before it counts: timing noise between two runs is
   * routinely a few percent.
   */
  public static final double LATENCY_TOLERANCE = 0.05;

  /** Validates and copies. */
  public PreviousRunComparison {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
    regressions = List.copyOf(regressions);
    newVariants = List.copyOf(newVariants);
    missingVariants = List.copyOf(missingVariants);
  }

  /**
   * Compares every variant of a run with the variant of the same name in a previous run. Any growth
   * of the ZIP size and any drop of accuracy is flagged; a median latency counts as slower when it
   * grew by more than {@link #LATENCY_TOLERANCE}.
   *
   * @param current this run
   * @param previous the run to compare with
   * @return the changes
   */
  public static PreviousRunComparison of(RunRecord current, RunRecord previous) {
    List<Regression> regressions = new ArrayList<>();
    List<String> added = new ArrayList<>();
    for (VariantRecord now : current.variants()) {
      Optional<VariantRecord> before = previous.variant(now.name());
      if (before.isEmpty()) {
        added.add(now.name());
        continue;
      }
      VariantRecord then = before.get();
      if (now.sizes().zip() > then.sizes().zip()) {
        regressions.add(
            new Regression(
                now.name(),
                "bigger",
                "zipBytes",
                then.sizes().zip(),
                now.sizes().zip(),
                String.format(
                    Locale.ROOT,
                    "ZIP size %s B → %s B (%+.2f%%)",
                    Formats.count(then.sizes().zip()),
                    Formats.count(now.sizes().zip()),
                    100.0 * (now.sizes().zip() - then.sizes().zip()) / then.sizes().zip())));
      }
      double accNow = now.evaluation().accuracy();
      double accThen = then.evaluation().accuracy();
      if (accNow < accThen) {
        regressions.add(
            new Regression(
                now.name(),
                "less accurate",
                "accuracy",
                accThen,
                accNow,
                String.format(
                    Locale.ROOT,
                    "accuracy %s → %s (%+.2f pp)",
                    Formats.percent(accThen),
                    Formats.percent(accNow),
                    (accNow - accThen) * 100)));
      }
      if (now.latency().isPresent() && then.latency().isPresent()) {
        long p50Now = now.latency().get().p50Nanos();
        long p50Then = then.latency().get().p50Nanos();
        if (p50Now > p50Then * (1 + LATENCY_TOLERANCE)) {
          regressions.add(
              new Regression(
                  now.name(),
                  "slower",
                  "latencyP50Nanos",
                  p50Then,
                  p50Now,
                  String.format(
                      Locale.ROOT,
                      "latency p50 %s → %s (%+.1f%%)",
                      Formats.millis(p50Then),
                      Formats.millis(p50Now),
                      100.0 * (p50Now - p50Then) / p50Then)));
        }
      }
    }
    List<String> missing =
        previous.variants().stream()
            .map(VariantRecord::name)
            .filter(name -> current.variant(name).isEmpty())
            .toList();
    return new PreviousRunComparison(
        previous.runId(),
        previous.timestamp(),
        previous.dataset().sha256().equals(current.dataset().sha256()),
        regressions,
        added,
        missing);
  }
}
