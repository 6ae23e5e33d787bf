package io.github.modelbudget.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The slim command line gates, quantizes and prunes {@code .tflite} files without TensorFlow Java:
 * neither TensorFlow's classes nor the training module's are on this module's test classpath, its
 * own dependencies plus the test-only ones.
 */
class NoTensorFlowTest {

  @Test
  void tensorFlowJava_isNotADependency() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.tensorflow.TensorFlow"));
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("org.tensorflow.framework.optimizers.Adam"));
  }

  @Test
  void trainingModule_isNotADependency() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("io.github.modelbudget.training.pipeline.VariantPipeline"));
  }
}
