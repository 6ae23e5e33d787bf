package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;

/** Misuse and models the runtime cannot run end in typed exceptions, and the JVM carries on. */
class RuntimeBadInputTest {

  private final InferenceBackend backend = InferenceBackend.tflite();

  @Nested
  @DisplayName("models the runtime cannot run")
  class UnrunnableModels {

    @Test
    void load_opVersionTooNew_namesOpVersionAndRuntime() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, 1, 2);
      TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 2);
      b.operator(BuiltinOperator.LOGISTIC, 99, null, List.of(x), List.of(y)).output(y);
      TfliteModel model = b.build("future_logistic");

      UnsupportedOperatorException e =
          assertThrows(UnsupportedOperatorException.class, () -> backend.load(model));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("future_logistic"),
              containsString("operator LOGISTIC version 99"),
              containsString("TFLite 2.21.0")));
    }

    @Test
    void load_unknownCustomOp_namesIt() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, 1, 2);
      TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 2);
      b.customOperator("MyFancyOp", 1, List.of(x), List.of(y)).output(y);
      TfliteModel model = b.build("custom");

      UnsupportedOperatorException e =
          assertThrows(UnsupportedOperatorException.class, () -> backend.load(model));

      assertThat(e.getMessage(), allOf(containsString("custom operator 'MyFancyOp' version 1")));
    }

    @Test
    void constantWithEmptyDataVector_isRejectedBeforeTheRuntimeSeesIt() {
      // TFLite 2.21 refuses a buffer whose data vector is present but empty ("a converter bug"
      // ModelBudget's own builder avoids, made here by hand through the schema classes); the
      // graph check names the tensor before the runtime sees it.
      TestModels.DenseSigmoid m = TestModels.denseSigmoid(4, 1L);
      ModelT schema = m.model().schema();
      int biasBuffer = (int) schema.getSubgraphs()[0].getTensors()[2].getBuffer();
      BufferT empty = new BufferT();
      empty.setData(new int[0]);
      schema.getBuffers()[biasBuffer] = empty;
      byte[] broken = schema.serializeToBinary();

      InvalidModelException e =
          assertThrows(
              InvalidModelException.class, () -> TfliteModel.fromBytes("empty_bias", broken));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("empty_bias"),
              containsString("tensor 2 ('dense/bias'), which nothing writes"),
              containsString("its buffer " + biasBuffer + " is empty")));
    }
  }

  @Nested
  @DisplayName("inputs that do not fit")
  class Mismatches {

    @Test
    void setInput_wrongLength_namesInputShapeAndCounts() {
      TestModels.DenseSigmoid m = TestModels.denseSigmoid(6, 2L);
      try (LoadedModel loaded = backend.load(m.model());
          Session session = loaded.openSession()) {
        TensorMismatchException e =
            assertThrows(TensorMismatchException.class, () -> session.setInput(0, new float[5]));

        assertThat(
            e.getMessage(),
            allOf(
                containsString("dense_sigmoid"),
                containsString("input 'x'"),
                containsString("[1, 6]"),
                containsString("takes 6 values but 5 were given")));
      }
    }

    @Test
    void setInput_floatsIntoAnInt32Input_namesTheType() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("ids", TensorType.INT32, 1, 2);
      TensorRef y = b.tensor("y", TensorType.INT32, 1, 2);
      b.operator(BuiltinOperator.ABS, 1, null, List.of(x), List.of(y)).output(y);
      try (LoadedModel loaded = backend.load(b.build("int_model"));
          Session session = loaded.openSession()) {
        TensorMismatchException e =
            assertThrows(TensorMismatchException.class, () -> session.setInput(0, new float[2]));

        assertThat(
            e.getMessage(),
            allOf(containsString("input 'ids' is INT32"), containsString("setInputBytes")));
      }
    }

    @Test
    void setInputBytes_wrongByteCount_namesBothCounts() {
      TestModels.DenseSigmoid m = TestModels.denseSigmoid(3, 2L);
      try (LoadedModel loaded = backend.load(m.model());
          Session session = loaded.openSession()) {
        TensorMismatchException e =
            assertThrows(
                TensorMismatchException.class, () -> session.setInputBytes(0, new byte[11]));

        assertThat(e.getMessage(), containsString("holds 12 bytes but 11 were given"));
      }
    }

    @Test
    void resizeInput_wrongRank_namesBothShapes() {
      TestModels.ConvStack m = TestModels.convStack(10, 10, 2, 3L);
      try (LoadedModel loaded = backend.load(m.model());
          Session session = loaded.openSession()) {
        TensorMismatchException e =
            assertThrows(TensorMismatchException.class, () -> session.resizeInput(0, 4, 100));

        assertThat(
            e.getMessage(),
            allOf(
                containsString("input 'image' has rank 4"),
                containsString("[-1, 10, 10, 1]"),
                containsString("[4, 100] has rank 2")));
      }
    }

    @Test
    void resizeInput_shapeTheGraphCannotTake_isARuntimeError() {
      TestModels.ConvStack m = TestModels.convStack(10, 10, 2, 3L);
      try (LoadedModel loaded = backend.load(m.model());
          Session session = loaded.openSession()) {
        ModelRuntimeException e =
            assertThrows(ModelRuntimeException.class, () -> session.resizeInput(0, 1, 12, 12, 1));

        assertThat(
            e.getMessage(), allOf(containsString("conv_stack"), containsString("[1, 12, 12, 1]")));
      }
    }

    @Test
    void setInput_noSuchInput_saysHowManyThereAre() {
      TestModels.DenseSigmoid m = TestModels.denseSigmoid(3, 2L);
      try (LoadedModel loaded = backend.load(m.model());
          Session session = loaded.openSession()) {
        TensorMismatchException e =
            assertThrows(TensorMismatchException.class, () -> session.setInput(1, new float[3]));

        assertThat(e.getMessage(), containsString("the model has 1 input(s); there is no input 1"));
      }
    }
  }

  @Nested
  @DisplayName("closed sessions and models")
  class Closed {

    @Test
    void invoke_afterClose_throwsSessionClosed() {
      TestModels.DenseSigmoid m = TestModels.denseSigmoid(3, 2L);
      try (LoadedModel loaded = backend.load(m.model())) {
        Session session = loaded.openSession();
        session.close();
        session.close();

        SessionClosedException e = assertThrows(SessionClosedException.class, session::invoke);

        assertThat(
            e.getMessage(), allOf(containsString("dense_sigmoid"), containsString("invoke()")));
        assertThrows(SessionClosedException.class, () -> session.output(0));
      }
    }

    @Test
    void closingTheModel_closesItsSessions() {
      TestModels.DenseSigmoid m = TestModels.denseSigmoid(3, 2L);
      LoadedModel loaded = backend.load(m.model());
      Session session = loaded.openSession();

      loaded.close();

      assertThrows(SessionClosedException.class, () -> session.setInput(0, new float[3]));
      SessionClosedException e = assertThrows(SessionClosedException.class, loaded::openSession);
      assertThat(e.getMessage(), containsString("closed model"));
    }
  }

  @Test
  void afterAllThat_aGoodModelStillRuns() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 2);
    TensorRef w = b.constant("w", new float[] {1, 1, 1, 1}, 2, 2);
    TensorRef bias = b.constant("b", new float[] {0, 0}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 2);
    b.fullyConnected(x, w, bias, y, Activation.NONE).output(y);
    try (LoadedModel loaded = backend.load(b.build("sum"));
        Session session = loaded.openSession()) {
      session.setInput(0, new float[] {2, 3});
      session.invoke();
      assertThat(session.output(0)[1], is(5f));
    }
  }
}
