/**
 * Dynamic-range quantization of float {@code .tflite} models, as TFLite's {@code quantize_weights}
 * does it: int8 weights for operators with hybrid kernels, float activations and biases.
 *
 * <p>Start with {@link io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer}.
 */
package io.github.modelbudget.optimizer.quantize;
