package io.github.modelbudget.reports;

import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.eval.Statistics;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What changed since a previous run (e.g. the main branch's last one): every variant that got
 * bigger, slower or less accurate (top-1, top-k at the default {@code k} for 10 classes or more, or
 * a regression model's MAE), and the variants that came or went.
 *
 * @param runId the previous run's id
 * @param timestamp when the previous run finished
 * @param sameDataset whether both runs measured the same dataset (same digest); accuracies are
 *     compared only then, sizes always
 * @param regressions every variant that got worse, by variant then metric
 * @param newVariants variants this run has and the previous did not
 * @param missingVariants variants the previous run had and this one does not
 * @param notCompared what could not be compared and why, e.g. accuracy on another dataset
 */
public record PreviousRunComparison(
    String runId,
    String timestamp,
    boolean sameDataset,
    List<Regression> regressions,
    List<String> newVariants,
    List<String> missingVariants,
    List<String> notCompared) {

  /**
   * The significance level of the rank test that calls a latency slower: strict, because CI runs
   * many comparisons and timing noise is never zero.
   */
  public static final double LATENCY_ALPHA = 0.01;

  /** The fewest repetitions each run needs before their latencies are compared. */
  public static final int MIN_REPETITIONS = 9;

  /** Validates and copies. */
  public PreviousRunComparison {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
    regressions = List.copyOf(regressions);
    newVariants = List.copyOf(newVariants);
    missingVariants = List.copyOf(missingVariants);
    notCompared = List.copyOf(notCompared);
  }

  /**
   * Compares every variant of a run with the variant of the same name in a previous run. Any growth
   * of the ZIP size is flagged; a drop of accuracy is flagged when both runs measured the same
   * dataset; a latency is flagged as slower when the Mann-Whitney U test on the two runs'
   * repetition medians (at least {@link #MIN_REPETITIONS} each, measured with the same threads,
   * XNNPACK and batch) gives {@code p <} {@link #LATENCY_ALPHA} and the median grew. What cannot be
   * compared is said in {@link #notCompared()}, never guessed.
   *
   * @param current this run
   * @param previous the run to compare with
   * @return the changes
   */
  public static PreviousRunComparison of(RunRecord current, RunRecord previous) {
    boolean sameDataset = previous.dataset().sha256().equals(current.dataset().sha256());
    List<Regression> regressions = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> notCompared = new ArrayList<>();
    if (!sameDataset) {
      notCompared.add(
          "accuracy: the previous run measured another dataset ('"
              + previous.dataset().name()
              + "', sha256 "
              + previous.dataset().sha256().substring(0, 12)
              + "…, against '"
              + current.dataset().name()
              + "', sha256 "
              + current.dataset().sha256().substring(0, 12)
              + "…); sizes are compared all the same");
    }
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
      if (sameDataset && accNow < accThen) {
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
      if (sameDataset) {
        compareTopK(now, then, notCompared).ifPresent(regressions::add);
      }
      if (sameDataset
          && now.evaluation().regression().isPresent()
          && then.evaluation().regression().isPresent()) {
        double maeNow = now.evaluation().regression().get().mae();
        double maeThen = then.evaluation().regression().get().mae();
        if (maeNow > maeThen) {
          regressions.add(
              new Regression(
                  now.name(),
                  "less accurate",
                  "mae",
                  maeThen,
                  maeNow,
                  String.format(
                      Locale.ROOT,
                      "MAE %s → %s (%+.4g)",
                      Formats.error(maeThen),
                      Formats.error(maeNow),
                      maeNow - maeThen)));
        }
      }
      if (now.latency().isPresent() && then.latency().isPresent()) {
        compareLatency(now.name(), then.latency().get(), now.latency().get())
            .ifPresent(regressions::add);
        whyLatencyNotCompared(now.name(), then.latency().get(), now.latency().get())
            .ifPresent(notCompared::add);
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
        sameDataset,
        regressions,
        added,
        missing,
        notCompared);
  }

  /**
   * A lower top-k accuracy at the default {@code k} (top-5 for 10 classes or more), when both
   * records have their top-k counts; a record written before top-k was measured is said in {@code
   * notCompared}.
   */
  private static Optional<Regression> compareTopK(
      VariantRecord now, VariantRecord then, List<String> notCompared) {
    OptionalInt k = now.evaluation().defaultTopK();
    if (k.isEmpty() || now.evaluation().regression().isPresent()) {
      return Optional.empty();
    }
    Optional<TopKAccuracy> topNow = now.evaluation().topK(k.getAsInt());
    Optional<TopKAccuracy> topThen = then.evaluation().topK(k.getAsInt());
    if (topNow.isEmpty() || topThen.isEmpty()) {
      notCompared.add(
          "top-"
              + k.getAsInt()
              + " accuracy of "
              + now.name()
              + ": the "
              + (topThen.isEmpty() ? "previous" : "current")
              + " run's record has no top-k counts (written before top-k accuracy was measured)");
      return Optional.empty();
    }
    double accNow = topNow.get().accuracy();
    double accThen = topThen.get().accuracy();
    if (accNow >= accThen) {
      return Optional.empty();
    }
    return Optional.of(
        new Regression(
            now.name(),
            "less accurate",
            "top" + k.getAsInt() + "Accuracy",
            accThen,
            accNow,
            String.format(
                Locale.ROOT,
                "top-%d accuracy %s → %s (%+.2f pp)",
                k.getAsInt(),
                Formats.percent(accThen),
                Formats.percent(accNow),
                (accNow - accThen) * 100)));
  }

  private static Optional<String> whyLatencyNotCompared(
      String variant, LatencyStats then, LatencyStats now) {
    int fewest = Math.min(then.repetitionMedians().size(), now.repetitionMedians().size());
    if (fewest < MIN_REPETITIONS) {
      return Optional.of(
          "latency of "
              + variant
              + ": "
              + fewest
              + " repetition(s) in one of the runs, at least "
              + MIN_REPETITIONS
              + " are needed for the rank test (bench --repetitions, check --latency)");
    }
    if (then.settings().isPresent() != now.settings().isPresent()
        || then.settings().isPresent()
            && !then.settings().get().comparableWith(now.settings().get())) {
      return Optional.of(
          "latency of "
              + variant
              + ": measured with other settings ("
              + then.settings().map(LatencySettings::describe).orElse("unknown")
              + " before, "
              + now.settings().map(LatencySettings::describe).orElse("unknown")
              + " now)");
    }
    return Optional.empty();
  }

  /** A slower latency, if the rank test says so and the settings allow comparing. */
  private static Optional<Regression> compareLatency(
      String variant, LatencyStats then, LatencyStats now) {
    if (whyLatencyNotCompared(variant, then, now).isPresent()) {
      return Optional.empty();
    }
    double p = Statistics.mannWhitneyP(then.repetitionMedians(), now.repetitionMedians());
    long medianThen = median(then.repetitionMedians());
    long medianNow = median(now.repetitionMedians());
    if (p >= LATENCY_ALPHA || medianNow <= medianThen) {
      return Optional.empty();
    }
    return Optional.of(
        new Regression(
            variant,
            "slower",
            "latencyP50Nanos",
            medianThen,
            medianNow,
            String.format(
                Locale.ROOT,
                "latency p50 %s → %s (%+.1f%%; Mann-Whitney p = %.2g over %d and %d repetitions)",
                Formats.duration(medianThen),
                Formats.duration(medianNow),
                100.0 * (medianNow - medianThen) / medianThen,
                p,
                then.repetitionMedians().size(),
                now.repetitionMedians().size())));
  }

  private static long median(List<Long> values) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[(sorted.length - 1) / 2];
  }
}
