package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.LatencyStats;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One run of the harness: every variant measured on one dataset, in one environment. This is the
 * format the JUnit extension and the CLI write and the reports read; {@link RunRecords} writes,
 * reads and merges it.
 *
 * @param schemaVersion the record format's version, {@link #SCHEMA_VERSION} when written by this
 *     library
 * @param runId a unique id of the run, so that shards can be merged without double counting
 * @param timestamp when the run finished, ISO-8601 in UTC
 * @param baseline the name of the baseline variant, if there is one
 * @param dataset the dataset every variant was evaluated on
 * @param environment the runtime, settings and machine
 * @param variants every variant measured, the baseline first
 * @param mergedFrom the run ids this record was merged from; empty for a single run
 * @param failures the models that could not be measured, with the reason
 */
public record RunRecord(
    int schemaVersion,
    String runId,
    String timestamp,
    Optional<String> baseline,
    DatasetSummary dataset,
    EnvironmentSummary environment,
    List<VariantRecord> variants,
    List<String> mergedFrom,
    List<ModelFailure> failures) {

  /** The version of the format this library writes, and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  /** Validates and copies, putting the baseline first and keeping the others' order. */
  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(timestamp, "timestamp");
    try {
      Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "timestamp must be ISO-8601, e.g. 2026-11-28T01:00:00Z, but was '" + timestamp + "'", e);
    }
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(environment, "environment");
    variants = baselineFirst(baseline, variants);
    mergedFrom = List.copyOf(mergedFrom == null ? List.of() : mergedFrom);
    failures = List.copyOf(failures == null ? List.of() : failures);
  }

  private static List<VariantRecord> baselineFirst(
      Optional<String> baseline, List<VariantRecord> variants) {
    List<VariantRecord> ordered = new ArrayList<>(variants.size());
    baseline.ifPresent(
        name -> variants.stream().filter(v -> v.name().equals(name)).forEach(ordered::add));
    variants.stream().filter(v -> !baseline.equals(Optional.of(v.name()))).forEach(ordered::add);
    return List.copyOf(ordered);
  }

  /**
   * Creates the record of a run that just finished, with a fresh random id and the current time.
   *
   * @param dataset the dataset
   * @param environment the environment
   * @param baseline the baseline's name, if any
   * @param variants the variants
   * @param failures the models that could not be measured
   * @return the record
   */
  public static RunRecord create(
      Dataset dataset,
      EnvironmentSummary environment,
      Optional<String> baseline,
      List<VariantRecord> variants,
      List<ModelFailure> failures) {
    return new RunRecord(
        SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        Instant.now().toString(),
        baseline,
        DatasetSummary.of(dataset),
        environment,
        variants,
        List.of(),
        failures);
  }

  /**
   * Creates the record of a run that just finished in which every model was measured.
   *
   * @param dataset the dataset
   * @param environment the environment
   * @param baseline the baseline's name, if any
   * @param variants the variants
   * @return the record
   */
  public static RunRecord create(
      Dataset dataset,
      EnvironmentSummary environment,
      Optional<String> baseline,
      List<VariantRecord> variants) {
    return create(dataset, environment, baseline, variants, List.of());
  }

  /**
   * Returns a copy with other variants (and the same id, time, dataset and failures).
   *
   * @param replacement the variants
   * @return the new record
   */
  public RunRecord withVariants(List<VariantRecord> replacement) {
    return new RunRecord(
        schemaVersion,
        runId,
        timestamp,
        baseline,
        dataset,
        environment,
        replacement,
        mergedFrom,
        failures);
  }

  /**
   * Returns a copy with latencies attached to the variants they name; variants without one keep
   * theirs.
   *
   * @param latencies latencies by variant name
   * @return the new record
   */
  public RunRecord withLatencies(Map<String, LatencyStats> latencies) {
    List<VariantRecord> measured = new ArrayList<>(variants.size());
    for (VariantRecord v : variants) {
      LatencyStats stats = latencies.get(v.name());
      measured.add(stats == null ? v : v.withLatency(stats));
    }
    return withVariants(measured);
  }

  /**
   * Returns what the run measured of one variant, ready for {@link
   * io.github.modelbudget.harness.budget.BudgetCheck}: its accuracy, sizes, nonzero parameters,
   * latency, its comparison with the baseline and the baseline's sizes.
   *
   * @param name the variant's name
   * @return the measurements
   * @throws IllegalArgumentException if the run has no variant of that name
   */
  public Measurements measurements(String name) {
    VariantRecord v =
        variant(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "run "
                            + runId
                            + " has no variant '"
                            + name
                            + "'; it has "
                            + variants.stream().map(VariantRecord::name).toList()));
    Measurements m =
        v.evaluation().regression().isPresent()
            ? Measurements.of(name).withRegression(v.evaluation().regression().get())
            : Measurements.of(name).withAccuracy(v.evaluation().accuracy());
    m = m.withSizes(v.sizes()).withNonzeroParameters(v.inspection().nonzeroParameters());
    if (v.evaluation().topKCounts().isPresent()) {
      m = m.withTopK(v.evaluation().topKCounts().get());
    }
    if (v.comparison().isPresent()) {
      m = m.withComparison(v.comparison().get());
    }
    if (v.latency().isPresent()) {
      m = m.withLatency(v.latency().get());
    }
    Optional<VariantRecord> base = baseline.flatMap(this::variant);
    if (base.isPresent()) {
      m = m.withBaselineSizes(base.get().sizes());
    }
    return baseline.equals(Optional.of(name)) ? m.asBaseline() : m;
  }

  /**
   * Finds a variant by name.
   *
   * @param name the variant's name
   * @return the variant, or empty if the run has none of that name
   */
  public Optional<VariantRecord> variant(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }
}
