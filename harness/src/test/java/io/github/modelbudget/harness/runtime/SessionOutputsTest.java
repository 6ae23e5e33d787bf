package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.testing.Reference;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.BuiltinOperator;

/** The real TFLite runtime's outputs, checked against plain-Java arithmetic to 1e-5. */
class SessionOutputsTest {

  private static final double TOLERANCE = 1e-5;
  private final InferenceBackend backend = InferenceBackend.tflite();

  @ParameterizedTest(name = "xnnpack={0}")
  @ValueSource(booleans = {true, false})
  void denseSigmoid_batchOf64_matchesJavaArithmetic(boolean xnnpack) {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    int batch = 64;
    float[] x = TestModels.gaussian(new SplittableRandom(12L), batch * m.inputs(), 1.0);
    try (LoadedModel loaded = backend.load(m.model());
        Session session = loaded.openSession(SessionOptions.defaults().withXnnpack(xnnpack))) {
      session.resizeBatch(batch);
      session.setInput(0, x);
      session.invoke();
      float[] p = session.output(0);

      assertThat(session.outputs().get(0).shape(), contains(batch, 1));
      assertThat(p.length, is(batch));
      for (int i = 0; i < batch; i++) {
        assertThat(
            "sample " + i,
            (double) p[i],
            closeTo(Reference.denseSigmoid(m, x, i * m.inputs()), TOLERANCE));
      }
    }
  }

  @ParameterizedTest(name = "threads={0}")
  @ValueSource(ints = {1, 2})
  void convStack_batchOf16Images_matchesJavaArithmetic(int threads) {
    TestModels.ConvStack m = TestModels.convStack(28, 28, 6, 21L);
    int batch = 16;
    float[] images = TestModels.uniform(new SplittableRandom(22L), batch * 28 * 28);
    try (LoadedModel loaded = backend.load(m.model());
        Session session = loaded.openSession(SessionOptions.defaults().withThreads(threads))) {
      session.resizeBatch(batch);
      session.setInput(0, images);
      long nanos = session.invoke();
      float[] p = session.output(0);

      assertThat(nanos, greaterThan(0L));
      assertThat(session.lastInvokeNanos(), is(nanos));
      for (int i = 0; i < batch; i++) {
        assertThat(
            "image " + i,
            (double) p[i],
            closeTo(Reference.convStack(m, images, i * 28 * 28), TOLERANCE));
      }
    }
  }

  @ParameterizedTest(name = "xnnpack={0}")
  @ValueSource(booleans = {false, true})
  void hybridPerChannelConv_int8Filter_matchesIntegerArithmetic(boolean xnnpack) {
    TestModels.HybridConv m = TestModels.hybridConv(8, 8, 2, 4, 31L);
    int batch = 3;
    int size = 8 * 8 * 2;
    SplittableRandom random = new SplittableRandom(32L);
    float[] images = new float[batch * size];
    for (int i = 0; i < images.length; i++) {
      images[i] = (random.nextInt(256) - 128) / 128f;
    }
    for (int b = 0; b < batch; b++) {
      // Both ends of the int8 range in every image make the kernel's input quantization exact.
      images[b * size] = -1f;
      images[b * size + 1] = 127 / 128f;
    }
    try (LoadedModel loaded = backend.load(m.model());
        Session session = loaded.openSession(SessionOptions.defaults().withXnnpack(xnnpack))) {
      session.resizeBatch(batch);
      session.setInput(0, images);
      session.invoke();
      float[] out = session.output(0);

      int perImage = 6 * 6 * 4;
      assertThat(out.length, is(batch * perImage));
      for (int b = 0; b < batch; b++) {
        double[] expected = Reference.hybridConv(m, images, b * size);
        for (int i = 0; i < perImage; i++) {
          assertThat(
              "image " + b + " value " + i,
              (double) out[b * perImage + i],
              closeTo(expected[i], TOLERANCE));
        }
      }
    }
  }

  @Test
  void int8Input_floatValues_areQuantizedWithTheInputsScaleAndZeroPoint() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef q =
        b.quantizedInput("q", TensorType.INT8, QuantizationInfo.perTensor(0.5f, -3), -1, 4);
    TensorRef real = b.tensor("real", TensorType.FLOAT32, -1, 4);
    b.dequantize(q, real).output(real);
    TfliteModel model = b.build("int8_input");

    try (LoadedModel loaded = backend.load(model);
        Session session = loaded.openSession()) {
      TensorSpec input = session.inputs().get(0);
      assertThat(input.type(), is(TensorType.INT8));
      assertThat((double) input.scale(), closeTo(0.5, 0));
      assertThat(input.zeroPoint(), is(-3));

      session.setInput(0, new float[] {1.0f, -2.2f, 100f, 0.26f});
      session.invoke();
      float[] out = session.output(0);

      // q = clamp(round(v / 0.5) - 3, -128, 127); real = 0.5 * (q + 3)
      assertThat((double) out[0], closeTo(1.0, 0));
      assertThat((double) out[1], closeTo(-2.0, 0));
      assertThat((double) out[2], closeTo(0.5 * (127 + 3), 0));
      assertThat((double) out[3], closeTo(0.5, 0));
    }
  }

  @Test
  void uint8Output_isDequantizedWithTheOutputsScaleAndZeroPoint() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 3);
    TensorRef q =
        b.quantizedTensor("q", TensorType.UINT8, QuantizationInfo.perTensor(0.25f, 10), 1, 3);
    b.operator(BuiltinOperator.QUANTIZE, 1, null, List.of(x), List.of(q)).output(q);
    TfliteModel model = b.build("uint8_output");

    try (LoadedModel loaded = backend.load(model);
        Session session = loaded.openSession()) {
      session.setInput(0, new float[] {0f, 1.1f, -10f});
      session.invoke();

      assertThat(session.outputBytes(0)[1] & 0xff, is(14));
      float[] out = session.output(0);
      assertThat((double) out[0], closeTo(0.0, 0));
      assertThat((double) out[1], closeTo(1.0, 0));
      assertThat((double) out[2], closeTo(0.25 * (0 - 10), 0));
    }
  }

  @Test
  void sessionsOfOneModel_runIndependently() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(5, 41L);
    float[] a = {1, 2, 3, 4, 5};
    float[] c = {-1, 0, 0.5f, 2, -3};
    try (LoadedModel loaded = backend.load(m.model());
        Session first = loaded.openSession();
        Session second = loaded.openSession()) {
      first.setInput(0, a);
      second.setInput(0, c);
      first.invoke();
      second.invoke();

      assertThat((double) first.output(0)[0], closeTo(Reference.denseSigmoid(m, a, 0), TOLERANCE));
      assertThat((double) second.output(0)[0], closeTo(Reference.denseSigmoid(m, c, 0), TOLERANCE));
    }
  }

  @Test
  void backend_reportsTheRuntimeVersion() {
    assertThat(backend.runtimeVersion(), equalTo("2.21.0"));
    assertThat(backend.name(), equalTo("tflite"));
  }
}
