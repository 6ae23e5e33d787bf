package io.github.modelbudget.optimizer.prune;

/** Where {@link OneShotPruner} draws the magnitude threshold. */
public enum PruningScope {

  /** One threshold per weight tensor, each tensor reaching the target sparsity on its own. */
  PER_TENSOR,

  /**
   * One threshold over all prunable weights together: the target sparsity holds overall, and
   * tensors with small weights lose more of them.
   */
  GLOBAL
}
