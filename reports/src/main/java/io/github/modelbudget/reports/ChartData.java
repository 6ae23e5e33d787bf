package io.github.modelbudget.reports;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

/**
 * The numbers the page's charts draw, embedded in the HTML as JSON. Computed here, drawn there: the
 * page only maps them onto Chart.js datasets.
 *
 * @param variants one point per variant, the baseline first
 * @param paretoFront the names of the variants on the accuracy-vs-ZIP-size front, smallest first
 * @param latency whether any variant has a measured latency
 */
record ChartData(List<Point> variants, List<String> paretoFront, boolean latency) {

  /** One variant's chartable numbers; latencies in microseconds. */
  record Point(
      String name,
      boolean baseline,
      long rawBytes,
      long gzipBytes,
      long zipBytes,
      double accuracy,
      double accuracyLower,
      double accuracyUpper,
      OptionalDouble latencyP50Micros,
      OptionalDouble latencyP95Micros,
      OptionalDouble mae,
      OptionalDouble maeLower,
      OptionalDouble maeUpper) {}

  static ChartData of(RunSummary summary) {
    List<Point> points =
        summary.variants().stream()
            .map(
                v ->
                    new Point(
                        v.name(),
                        v.baseline(),
                        v.rawBytes(),
                        v.gzipBytes(),
                        v.zipBytes(),
                        v.accuracy(),
                        v.accuracyLower(),
                        v.accuracyUpper(),
                        micros(v.latencyP50Nanos()),
                        micros(v.latencyP95Nanos()),
                        error(v, RegressionErrors::mae),
                        error(v, RegressionErrors::maeLower),
                        error(v, RegressionErrors::maeUpper)))
            .toList();
    List<String> front =
        summary.variants().stream()
            .filter(VariantSummary::paretoOptimal)
            .sorted(Comparator.comparingLong(VariantSummary::zipBytes))
            .map(VariantSummary::name)
            .toList();
    boolean latency = summary.variants().stream().anyMatch(v -> v.latencyP50Nanos().isPresent());
    return new ChartData(points, front, latency);
  }

  private static OptionalDouble error(VariantSummary v, ToDoubleFunction<RegressionErrors> value) {
    return v.regression().isPresent()
        ? OptionalDouble.of(value.applyAsDouble(v.regression().get()))
        : OptionalDouble.empty();
  }

  private static OptionalDouble micros(OptionalLong nanos) {
    return nanos.isPresent() ? OptionalDouble.of(nanos.getAsLong() / 1e3) : OptionalDouble.empty();
  }
}
