/**
 * The standard family of optimized variants made from one float {@code .tflite} baseline, without
 * TensorFlow Java: start with {@link io.github.modelbudget.optimizer.variants.StandardVariants}.
 */
package io.github.modelbudget.optimizer.variants;
