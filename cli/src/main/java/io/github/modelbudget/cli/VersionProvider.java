package io.github.modelbudget.cli;

import io.github.modelbudget.harness.runtime.InferenceBackend;
import picocli.CommandLine.IVersionProvider;

/** Reports ModelBudget's version and the TFLite runtime's. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = ModelBudgetCli.class.getPackage().getImplementationVersion();
    return new String[] {
      "modelbudget " + (version == null ? "(development build)" : version),
      "TensorFlow Lite " + InferenceBackend.tflite().runtimeVersion() + " (JavaCPP presets)",
      "Java "
          + System.getProperty("java.version")
          + " on "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.arch")
    };
  }
}
