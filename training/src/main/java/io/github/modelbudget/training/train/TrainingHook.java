package io.github.modelbudget.training.train;

/**
 * Runs around every optimizer step, e.g. to update and apply pruning masks. Steps are counted from
 * 0 across epochs.
 */
public interface TrainingHook {

  /** A hook that does nothing. */
  TrainingHook NONE = new TrainingHook() {};

  /**
   * Runs before the optimizer step {@code step}.
   *
   * @param step the global step, from 0
   * @param weights the live weights
   */
  default void beforeStep(long step, LiveWeights weights) {}

  /**
   * Runs after the optimizer step {@code step}.
   *
   * @param step the global step, from 0
   * @param weights the live weights
   */
  default void afterStep(long step, LiveWeights weights) {}
}
