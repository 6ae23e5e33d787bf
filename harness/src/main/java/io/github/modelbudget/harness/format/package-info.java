/**
 * Reading, inspecting and writing {@code .tflite} flatbuffers through the official TFLite schema
 * classes: {@link io.github.modelbudget.harness.format.TfliteModel} holds a verified model, {@link
 * io.github.modelbudget.harness.format.ModelInfo} describes it, {@link
 * io.github.modelbudget.harness.format.TfliteModelBuilder} writes new ones and {@link
 * io.github.modelbudget.harness.format.ModelSizes} measures how well they compress.
 */
package io.github.modelbudget.harness.format;
