/**
 * Post-training quantization of float {@code .tflite} models as TFLite's converter does it: dynamic
 * range ({@link io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer}: int8 weights for
 * operators with hybrid kernels, float activations and biases), float16 ({@link
 * io.github.modelbudget.optimizer.quantize.Float16Quantizer}) and full integer, calibrated on
 * representative data ({@link io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer}).
 */
package io.github.modelbudget.optimizer.quantize;
