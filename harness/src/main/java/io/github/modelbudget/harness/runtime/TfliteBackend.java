package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/** The TensorFlow Lite backend, through the JavaCPP presets. */
final class TfliteBackend implements InferenceBackend {

  static final TfliteBackend INSTANCE = new TfliteBackend();

  private volatile String version;

  private TfliteBackend() {}

  @Override
  public String name() {
    return "tflite";
  }

  @Override
  public String runtimeVersion() {
    String v = version;
    if (v == null) {
      v = tensorflowlite.TfLiteVersion().getString();
      version = v;
    }
    return v;
  }

  @Override
  public LoadedModel load(TfliteModel model) {
    Objects.requireNonNull(model, "model");
    return TfliteLoadedModel.load(model, runtimeVersion());
  }

  @Override
  public String toString() {
    return "TFLite " + runtimeVersion() + " (JavaCPP)";
  }
}
