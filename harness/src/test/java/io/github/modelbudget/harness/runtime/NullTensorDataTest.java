package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/** A tensor the runtime left without data is a typed error, never a NullPointerException. */
class NullTensorDataTest {

  @Test
  void nullOrEmptyPointer_isAModelRuntimeExceptionNamingModelAndTensor() {
    ModelRuntimeException missing =
        assertThrows(
            ModelRuntimeException.class,
            () -> NullTensorData.require(null, "m.tflite", "2.21.0", "output", "probability"));
    ModelRuntimeException empty =
        assertThrows(
            ModelRuntimeException.class,
            () ->
                NullTensorData.require(
                    new FloatPointer((FloatPointer) null), "m.tflite", "2.21.0", "input", "x"));

    assertThat(
        missing.getMessage(),
        allOf(
            containsString("m.tflite: TFLite 2.21.0 gave no data for output 'probability'"),
            containsString("modelbudget inspect")));
    assertThat(empty.getMessage(), containsString("input 'x'"));
  }

  @Test
  void presentPointer_isReturned() {
    try (FloatPointer data = new FloatPointer(4)) {
      assertThat(NullTensorData.require(data, "m", "2.21.0", "input", "x"), sameInstance(data));
    }
  }
}
