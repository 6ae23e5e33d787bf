/**
 * The seed experiment's training side, with TensorFlow Java: the network description ({@code
 * model}), training in graph mode ({@code train}), pruning during fine-tuning on tfmot's schedules
 * ({@code prune}), export to {@code .tflite} ({@code export}) and the end-to-end recipe ({@code
 * pipeline}). The rewrites of finished {@code .tflite} files are in {@code modelbudget-optimizer}.
 */
package io.github.modelbudget.training;
