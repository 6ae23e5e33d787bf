/**
 * Pruning during fine-tuning: the training hook that applies {@link
 * io.github.modelbudget.optimizer.prune.MagnitudeMask magnitude masks} on a {@link
 * io.github.modelbudget.optimizer.prune.PruningSchedule schedule} after every optimizer step, and
 * the pruned model it leaves.
 */
package io.github.modelbudget.training.prune;
