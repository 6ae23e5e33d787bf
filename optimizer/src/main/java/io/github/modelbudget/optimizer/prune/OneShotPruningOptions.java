package io.github.modelbudget.optimizer.prune;

import java.util.Objects;

/**
 * How {@link OneShotPruner} prunes.
 *
 * @param sparsity the target fraction of zeros, in [0, 1)
 * @param scope one threshold per tensor or one for all
 */
public record OneShotPruningOptions(double sparsity, PruningScope scope) {

  /** Validates. */
  public OneShotPruningOptions {
    PruningSchedule.checkSparsity("sparsity", sparsity);
    Objects.requireNonNull(scope, "scope");
  }

  /**
   * Returns options for a per-tensor target, tfmot's rule.
   *
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @return the options
   */
  public static OneShotPruningOptions perTensor(double sparsity) {
    return new OneShotPruningOptions(sparsity, PruningScope.PER_TENSOR);
  }

  /**
   * Returns options for one threshold over all prunable weights.
   *
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @return the options
   */
  public static OneShotPruningOptions global(double sparsity) {
    return new OneShotPruningOptions(sparsity, PruningScope.GLOBAL);
  }
}
