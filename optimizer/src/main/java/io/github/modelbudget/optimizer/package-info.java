/**
 * Producing model variants on the JVM: training with TensorFlow Java, pruning on tfmot's schedules,
 * dynamic-range quantization of {@code .tflite} files, and export through the harness's builder.
 */
package io.github.modelbudget.optimizer;
