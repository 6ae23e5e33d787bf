/**
 * Running models in a real interpreter. {@link
 * io.github.modelbudget.harness.runtime.InferenceBackend} loads a {@link
 * io.github.modelbudget.harness.format.TfliteModel} into a {@link
 * io.github.modelbudget.harness.runtime.LoadedModel}, from which {@link
 * io.github.modelbudget.harness.runtime.Session}s (one interpreter each) are opened.
 *
 * <p>The one backend today is TensorFlow Lite 2.21 through the JavaCPP presets ({@code
 * org.bytedeco:tensorflow-lite}), which ship natives for desktop Linux, macOS and Windows.
 */
package io.github.modelbudget.harness.runtime;
