package io.github.modelbudget.optimizer.prune;

import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link OneShotPruner} prunes.
 *
 * @param sparsity the target fraction of zeros, in [0, 1)
 * @param scope one threshold per tensor or one for all
 * @param keepDense the weights to leave dense, if any; they are left out of the global threshold
 *     too
 */
public record OneShotPruningOptions(
    double sparsity, PruningScope scope, Optional<WeightFilter> keepDense) {

  /** Validates. */
  public OneShotPruningOptions {
    PruningSchedule.checkSparsity("sparsity", sparsity);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(keepDense, "keepDense");
  }

  /**
   * Creates options that prune every prunable weight.
   *
   * @param sparsity the target fraction of zeros, in [0, 1)
   * @param scope one threshold per tensor or one for all
   */
  public OneShotPruningOptions(double sparsity, PruningScope scope) {
    this(sparsity, scope, Optional.empty());
  }

  /**
   * Returns a copy that leaves the weights a filter picks dense.
   *
   * @param filter the keep-dense filter
   * @return the new options
   */
  public OneShotPruningOptions keepingDense(WeightFilter filter) {
    return new OneShotPruningOptions(sparsity, scope, Optional.of(filter));
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
