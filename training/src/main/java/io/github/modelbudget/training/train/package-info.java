/**
 * Trains a {@link io.github.modelbudget.training.model.SequentialModel} with TensorFlow Java in
 * graph mode (Adam, cross-entropy), and reads the weights back into plain Java values.
 */
package io.github.modelbudget.training.train;
