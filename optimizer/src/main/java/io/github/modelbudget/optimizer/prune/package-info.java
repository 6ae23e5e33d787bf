/**
 * Magnitude pruning: tfmot's schedules and the masks they drive, and one-shot pruning of float
 * {@code .tflite} models ({@link io.github.modelbudget.optimizer.prune.OneShotPruner}).
 */
package io.github.modelbudget.optimizer.prune;
