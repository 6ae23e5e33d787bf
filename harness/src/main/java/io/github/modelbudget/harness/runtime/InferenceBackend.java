package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.format.TfliteModel;

/**
 * An interpreter that runs {@code .tflite} models. Callers depend on this interface only, so that
 * another runtime can be added without touching them.
 */
public interface InferenceBackend {

  /**
   * Returns the backend that runs models in TensorFlow Lite through the JavaCPP presets.
   *
   * @return the shared TFLite backend
   */
  static InferenceBackend tflite() {
    return TfliteBackend.INSTANCE;
  }

  /**
   * Returns a short name for reports, e.g. {@code "tflite"}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the runtime's version, e.g. {@code "2.21.0"}.
   *
   * @return the version
   */
  String runtimeVersion();

  /**
   * Loads a model and checks that the runtime provides every operator it uses.
   *
   * @param model a verified model
   * @return the loaded model, owned by the caller
   * @throws UnsupportedOperatorException if an operator (or its version) is missing from the
   *     runtime
   * @throws ModelRuntimeException if the runtime rejects the model
   */
  LoadedModel load(TfliteModel model);
}
