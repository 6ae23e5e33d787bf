package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.testing.TestModels;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModelInspectionTest {

  /**
   * A dense layer whose kernel and bias hold zeros at known places, and an int32 shape constant.
   */
  private static TfliteModel modelWithKnownZeros() {
    TfliteModelBuilder b = new TfliteModelBuilder().description("known zeros");
    b.metadata("min_runtime_version", TfliteModelBuilder.minRuntimeVersion("1.14.0"));
    TensorRef x = b.input("features", TensorType.FLOAT32, -1, 2, 4);
    TensorRef shape = b.constantInt32("flatten/shape", new int[] {-1, 8}, 2);
    TensorRef flat = b.tensor("flatten", TensorType.FLOAT32, -1, 8);
    // 3 outputs x 8 inputs = 24 weights, 9 of them zero (-0.0 counts as zero).
    float[] kernel = {
      0, 1, 0, 2, 0, 3, 0, 4,
      5, 0, 6, 0, 7, 0, 8, -0.0f,
      1, 1, 1, 1, 0, 1, 1, 1,
    };
    TensorRef w = b.constant("dense/kernel", kernel, 3, 8);
    TensorRef bias = b.constant("dense/bias", new float[] {0, 0.5f, 0}, 3);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, 3);
    TensorRef probabilities = b.tensor("probabilities", TensorType.FLOAT32, -1, 3);
    b.reshape(x, shape, flat)
        .fullyConnected(flat, w, bias, logits, Activation.RELU)
        .softmax(logits, probabilities, 1f)
        .output(probabilities);
    return b.build("known_zeros");
  }

  @Test
  void inspect_modelWithKnownZeros_countsParametersNonzerosAndSparsity() {
    ModelInfo info = modelWithKnownZeros().inspect();

    assertThat(info.parameterCount(), is(24L + 3L));
    assertThat(info.nonzeroParameterCount(), is(15L + 1L));
    assertThat(info.sparsity(), closeTo(11.0 / 27.0, 1e-12));

    Map<String, ConstantTensorInfo> constants =
        info.constants().stream()
            .collect(Collectors.toMap(ConstantTensorInfo::name, Function.identity()));
    ConstantTensorInfo kernel = constants.get("dense/kernel");
    assertThat(kernel.shape(), contains(3, 8));
    assertThat(kernel.elementCount(), is(24L));
    assertThat(kernel.nonzeroCount(), is(15L));
    assertThat(kernel.sparsity(), closeTo(9.0 / 24.0, 1e-12));
    assertThat(kernel.byteSize(), is(96L));
    assertThat(constants.get("dense/bias").nonzeroCount(), is(1L));

    ConstantTensorInfo shape = constants.get("flatten/shape");
    assertThat(shape.type(), is(TensorType.INT32));
    assertThat(shape.parameter(), is(false));

    assertThat(info.constantBytesByType(), hasEntry(TensorType.FLOAT32, 108L));
    assertThat(info.constantBytesByType(), hasEntry(TensorType.INT32, 8L));
  }

  @Test
  void inspect_describesOperatorsInputsOutputsAndMetadata() {
    TfliteModel model = modelWithKnownZeros();
    ModelInfo info = model.inspect();

    assertThat(info.name(), is("known_zeros"));
    assertThat(info.sha256(), is(model.sha256()));
    assertThat(info.sizeBytes(), is((long) model.size()));
    assertThat(info.schemaVersion(), is(3L));
    assertThat(info.description(), is("known zeros"));
    assertThat(info.metadataNames(), contains("min_runtime_version"));
    assertThat(info.signatureKeys(), contains("serving_default"));
    assertThat(info.subgraphCount(), is(1));
    assertThat(
        info.operators().stream().map(op -> op.name() + " v" + op.version()).toList(),
        contains("RESHAPE v1", "FULLY_CONNECTED v1", "SOFTMAX v1"));

    TensorInfo input = info.inputs().get(0);
    assertThat(input.name(), is("features"));
    assertThat(input.type(), is(TensorType.FLOAT32));
    assertThat(input.shape(), contains(1, 2, 4));
    assertThat(input.shapeSignature(), contains(-1, 2, 4));
    assertThat(input.quantization().isPresent(), is(false));
    TensorInfo output = info.outputs().get(0);
    assertThat(output.name(), is("probabilities"));
    assertThat(output.shape(), contains(1, 3));
  }

  @Test
  void inspect_hybridConv_reportsPerChannelInt8Quantization() {
    TestModels.HybridConv m = TestModels.hybridConv(8, 8, 2, 4, 31L);

    ModelInfo info = m.model().inspect();

    assertThat(info.operators().get(0).name(), is("CONV_2D"));
    assertThat(info.operators().get(0).version(), is(5));
    ConstantTensorInfo filter =
        info.constants().stream()
            .filter(c -> c.name().equals("conv/filter"))
            .findFirst()
            .orElseThrow();
    assertThat(filter.type(), is(TensorType.INT8));
    assertThat(filter.shape(), contains(4, 3, 3, 2));
    assertThat(filter.byteSize(), is(72L));
    long expectedNonzero = 0;
    for (byte q : m.filter()) {
      if (q != 0) {
        expectedNonzero++;
      }
    }
    assertThat(filter.nonzeroCount(), is(expectedNonzero));
    QuantizationInfo q = filter.quantization().orElseThrow();
    assertThat(q.perChannel(), is(true));
    assertThat(q.quantizedDimension(), is(0));
    assertThat(q.scales().size(), is(4));
    assertThat((double) q.scales().get(1), closeTo(0.0, 0.0));
    assertThat((double) q.scales().get(2), closeTo(m.scales()[2], 0.0));
    assertThat(q.zeroPoints(), contains(0L, 0L, 0L, 0L));
    assertThat(info.constantBytesByType(), hasEntry(TensorType.INT8, 72L));
    assertThat(info.constantBytesByType(), hasEntry(TensorType.FLOAT32, 16L));
  }

  @Test
  void inspect_quantizedZeros_countAsZeroAtTheirChannelsZeroPoint() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef q =
        b.quantizedInput("q", TensorType.UINT8, QuantizationInfo.perTensor(0.5f, 128), -1, 2);
    TensorRef w =
        b.quantizedConstant(
            "w",
            TensorType.UINT8,
            new byte[] {(byte) 128, 3, (byte) 128, (byte) 200},
            new QuantizationInfo(List.of(0.1f, 0.2f), List.of(128L, 3L), 0, List.of(), List.of()),
            2,
            2);
    TensorRef bias = b.constantInt32("b", new int[] {0, 7}, 2);
    TensorRef out =
        b.quantizedTensor("out", TensorType.UINT8, QuantizationInfo.perTensor(1f, 128), -1, 2);
    b.fullyConnected(q, w, bias, out, Activation.NONE).output(out);

    ModelInfo info = b.build("uint8_fc").inspect();

    ConstantTensorInfo weights =
        info.constants().stream().filter(c -> c.name().equals("w")).findFirst().orElseThrow();
    // Channel 0 (zero point 128): 128 → zero, 3 → nonzero; channel 1 (zero point 3): 128, 200 →
    // nonzero.
    assertThat(weights.nonzeroCount(), is(3L));
    ConstantTensorInfo intBias =
        info.constants().stream().filter(c -> c.name().equals("b")).findFirst().orElseThrow();
    assertThat("an int32 bias is a parameter", intBias.parameter(), is(true));
    assertThat(info.parameterCount(), is(6L));
    assertThat(info.nonzeroParameterCount(), is(4L));
  }

  @Test
  void inspect_modelWithoutParameters_hasZeroSparsity() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 2);
    b.logistic(x, y).output(y);

    ModelInfo info = b.build("no_parameters").inspect();

    assertThat(info.constants(), is(empty()));
    assertThat(info.parameterCount(), is(0L));
    assertThat(info.sparsity(), is(0.0));
    assertThat(info.operatorCodes(), is(not(empty())));
  }
}
