package io.github.modelbudget.reports;

import java.util.Objects;

/**
 * A variant that got worse than in the previous run.
 *
 * @param variant the variant's name
 * @param change {@code bigger}, {@code slower} or {@code less accurate}
 * @param metric what was compared: {@code zipBytes}, {@code latencyP50Nanos}, {@code accuracy},
 *     {@code top5Accuracy} (top-k at the default {@code k}) or, for a regression model, {@code mae}
 * @param previous the previous run's value
 * @param current this run's value
 * @param message a sentence for people, e.g. {@code "ZIP size 7,483 B → 7,912 B (+5.73%)"}
 */
public record Regression(
    String variant, String change, String metric, double previous, double current, String message) {

  /** Validates. */
  public Regression {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(message, "message");
  }
}
