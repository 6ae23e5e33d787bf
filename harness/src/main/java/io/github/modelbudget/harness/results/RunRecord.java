package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.data.Dataset;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
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
 * @param variants every variant, the baseline included
 * @param mergedFrom the run ids this record was merged from; empty for a single run
 */
public record RunRecord(
    int schemaVersion,
    String runId,
    String timestamp,
    Optional<String> baseline,
    DatasetSummary dataset,
    EnvironmentSummary environment,
    List<VariantRecord> variants,
    List<String> mergedFrom) {

  /** The version of the format this library writes, and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  /** Validates and copies. */
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
    variants = List.copyOf(variants);
    mergedFrom = List.copyOf(mergedFrom == null ? List.of() : mergedFrom);
  }

  /**
   * Creates the record of a run that just finished, with a fresh random id and the current time.
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
    return new RunRecord(
        SCHEMA_VERSION,
        UUID.randomUUID().toString(),
        Instant.now().toString(),
        baseline,
        DatasetSummary.of(dataset),
        environment,
        variants,
        List.of());
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
        Measurements.of(name)
            .withAccuracy(v.evaluation().accuracy())
            .withSizes(v.sizes())
            .withNonzeroParameters(v.inspection().nonzeroParameters());
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
    return m;
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
