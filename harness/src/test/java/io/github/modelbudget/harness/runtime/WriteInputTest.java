package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Session#writeInput} fills an input in place and gives the same outputs as {@link
 * Session#setInput(int, float[])}, for float and quantized inputs, and refuses a wrong count.
 */
class WriteInputTest {

  private final InferenceBackend backend = InferenceBackend.tflite();

  @Test
  void floatInput_writtenInPlace_givesTheOutputsOfSetInput() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    int batch = 8;
    float[] x = TestModels.gaussian(new SplittableRandom(12L), batch * m.inputs(), 1.0);
    try (LoadedModel loaded = backend.load(m.model());
        Session session = loaded.openSession()) {
      session.resizeBatch(batch);
      session.setInput(0, x);
      session.invoke();
      float[] expected = session.output(0);
      session.setInput(0, new float[x.length]);

      // Two halves, as the evaluator copies a batch that spans two parts of a dataset.
      session.writeInput(
          0,
          x.length,
          buffer -> {
            assertThat(buffer.isDirect(), is(true));
            buffer.put(x, 0, x.length / 2);
            buffer.put(x, x.length / 2, x.length - x.length / 2);
          });
      session.invoke();

      assertArrayEquals(expected, session.output(0));
    }
  }

  @Test
  void int8Input_writtenThroughAnArray_isQuantizedAsSetInputQuantizes() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef q =
        b.quantizedInput("q", TensorType.INT8, QuantizationInfo.perTensor(0.5f, -3), -1, 4);
    TensorRef real = b.tensor("real", TensorType.FLOAT32, -1, 4);
    b.dequantize(q, real).output(real);
    TfliteModel model = b.build("int8_input");
    float[] values = {1.0f, -2.2f, 100f, 0.26f};

    try (LoadedModel loaded = backend.load(model);
        Session session = loaded.openSession()) {
      session.writeInput(0, values.length, buffer -> buffer.put(values));
      session.invoke();

      // q = clamp(round(v / 0.5) - 3, -128, 127); real = 0.5 * (q + 3)
      assertArrayEquals(new float[] {1.0f, -2.0f, 0.5f * (127 + 3), 0.5f}, session.output(0));
    }
  }

  @Test
  void wrongValueCount_isATensorMismatch_beforeTheWriterRuns() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    try (LoadedModel loaded = backend.load(m.model());
        Session session = loaded.openSession()) {
      session.resizeBatch(2);

      TensorMismatchException e =
          assertThrows(
              TensorMismatchException.class,
              () ->
                  session.writeInput(
                      0,
                      39,
                      buffer -> {
                        throw new AssertionError("the writer ran");
                      }));
      assertThat(e.getMessage(), containsString("takes 40 values but 39 were given"));
    }
  }

  @Test
  void writerThatPutsTooFewValues_isATensorMismatch() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    try (LoadedModel loaded = backend.load(m.model());
        Session session = loaded.openSession()) {

      TensorMismatchException e =
          assertThrows(
              TensorMismatchException.class,
              () -> session.writeInput(0, 20, buffer -> buffer.put(new float[19])));
      assertThat(
          e.getMessage(),
          allOf(containsString(m.model().origin()), containsString("its writer put 19")));
    }
  }
}
