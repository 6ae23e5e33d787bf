/**
 * The core of ModelBudget: reading, inspecting and running TensorFlow Lite models.
 *
 * <p>Subpackages follow the architecture: {@code format} reads, inspects and writes {@code .tflite}
 * flatbuffers; {@code runtime} runs them in the real TFLite interpreter.
 */
package io.github.modelbudget.harness;
