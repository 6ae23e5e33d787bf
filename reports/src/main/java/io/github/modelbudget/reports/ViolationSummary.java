package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.Violation;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One violated limit of a variant's budget, spelled out.
 *
 * @param metric the metric's key in budget files, e.g. {@code maxZipSize}
 * @param level {@code warn} or {@code error}
 * @param limit the limit as written, e.g. {@code "8 kB"}
 * @param actual the measured value in the metric's unit, empty if it was not measured
 * @param message the sentence the budget check wrote
 */
public record ViolationSummary(
    String metric, String level, String limit, OptionalDouble actual, String message) {

  /** Validates. */
  public ViolationSummary {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(message, "message");
  }

  static ViolationSummary of(Violation violation) {
    return new ViolationSummary(
        violation.metric().key(),
        violation.level().key(),
        violation.limit(),
        violation.actual(),
        violation.message());
  }
}
