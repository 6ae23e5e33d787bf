package io.github.modelbudget.optimizer.prune;

import java.util.Map;

/**
 * One recomputation of the pruning masks during training.
 *
 * @param step the global training step at which the masks were recomputed, from 0
 * @param targetSparsity the schedule's sparsity at that step
 * @param sparsityByKernel the share of zeros each kernel's new mask has, by kernel name
 */
public record MaskUpdate(long step, double targetSparsity, Map<String, Double> sparsityByKernel) {

  /** Copies the map. */
  public MaskUpdate {
    sparsityByKernel = Map.copyOf(sparsityByKernel);
  }
}
