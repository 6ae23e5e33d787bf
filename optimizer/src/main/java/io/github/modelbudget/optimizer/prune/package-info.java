/** Magnitude pruning: tfmot's schedules and the masks they drive. */
package io.github.modelbudget.optimizer.prune;
