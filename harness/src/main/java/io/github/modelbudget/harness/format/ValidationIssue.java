package io.github.modelbudget.harness.format;

import java.util.Objects;

/**
 * A problem found in a model's graph before the runtime sees it.
 *
 * <p>An {@link Severity#ERROR} is something TFLite's kernels (or its XNNPACK delegate) would reject
 * or crash on: {@link TfliteModel} refuses such a model. A {@link Severity#WARNING} is something
 * the runtime refuses or runs badly later, shown by inspection.
 *
 * @param severity how serious the problem is
 * @param subject what the problem is about, e.g. {@code operator 3 (MAX_POOL_2D) of subgraph 0}
 * @param problem what was expected and what was found
 */
public record ValidationIssue(Severity severity, String subject, String problem) {

  /** How serious a problem is. */
  public enum Severity {
    /** The model cannot be run safely; it is rejected. */
    ERROR,
    /** The model loads, but the runtime refuses or slows some of it. */
    WARNING
  }

  /** Validates. */
  public ValidationIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(problem, "problem");
  }

  @Override
  public String toString() {
    return subject + ": " + problem;
  }
}
