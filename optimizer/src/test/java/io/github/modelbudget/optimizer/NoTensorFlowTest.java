package io.github.modelbudget.optimizer;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The optimizer rewrites {@code .tflite} files without TensorFlow Java, so a user who only makes
 * variants of a finished model never downloads it: its classes are not on this module's test
 * classpath, which is the module's own dependencies plus the test-only ones.
 */
class NoTensorFlowTest {

  @Test
  void tensorFlowJava_isNotADependency() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.tensorflow.TensorFlow"));
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("org.tensorflow.framework.optimizers.Adam"));
  }
}
