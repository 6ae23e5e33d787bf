/**
 * Making the optimized variants of any {@code .tflite} on the JVM: dynamic-range, float16 and
 * full-integer quantization, one-shot magnitude pruning, layers kept float, and the search for the
 * smallest variant that meets a budget. Every rewrite works on the flatbuffer and calibrates in the
 * TFLite runtime, so nothing here needs TensorFlow Java; training lives in {@code
 * modelbudget-training}.
 */
package io.github.modelbudget.optimizer;
