package io.github.modelbudget.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.tensorflow.TensorFlow;

/** TensorFlow Java's natives load in the same JVM as the harness. */
class TensorFlowAvailableTest {

  @Test
  void tensorFlow_loadsItsNatives() {
    assertThat(TensorFlow.version(), startsWith("2."));
  }
}
