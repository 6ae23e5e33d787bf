package io.github.modelbudget.optimizer.prune;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;

/**
 * A model after one-shot pruning, with the report of what changed.
 *
 * @param model the pruned model, verified
 * @param report each pruned tensor's sparsity before and after
 */
public record OneShotPruningResult(TfliteModel model, OneShotPruningReport report) {

  /** Validates. */
  public OneShotPruningResult {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(report, "report");
  }
}
