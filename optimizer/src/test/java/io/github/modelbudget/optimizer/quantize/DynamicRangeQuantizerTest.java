package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.ModelRuntimeException;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;

class DynamicRangeQuantizerTest {

  private static final int BATCH = 4;

  @Test
  void mixedModel_currentScheme_quantizesEveryHybridWeightPerChannel() {
    FloatModels.Mixed mixed = FloatModels.mixed(11);

    QuantizedModel result = DynamicRangeQuantizer.withDefaults().quantize(mixed.model());

    ModelT q = result.model().schema();
    assertPerChannel(q, "conv/filter", mixed.conv(), 0, false);
    assertPerChannel(q, "depthwise/filter", mixed.depthwise(), 3, false);
    assertPerChannel(q, "dense/kernel", mixed.dense(), 0, false);
    float[] convScales = Tensors.tensor(q, "conv/filter").getQuantization().getScale();
    assertThat(convScales[FloatModels.Mixed.ZERO_FILTER], is(0f));
    assertThat(convScales[FloatModels.Mixed.SMALL_FILTER], greaterThan(0f));
    float[] denseScales = Tensors.tensor(q, "dense/kernel").getQuantization().getScale();
    assertThat(denseScales[FloatModels.Mixed.ZERO_UNIT], is(0f));
    assertThat(
        Tensors.operators(q),
        contains(
            "CONV_2D v5",
            "DEPTHWISE_CONV_2D v6",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v12",
            "SOFTMAX v1"));
    FullyConnectedOptionsT dense =
        (FullyConnectedOptionsT)
            Tensors.operatorReading(q, Tensors.index(q, "dense/kernel"), 1)
                .getBuiltinOptions()
                .getValue();
    assertThat(dense.getAsymmetricQuantizeInputs(), is(true));
    assertThat(Tensors.tensor(q, "dense/bias").getType(), is((byte) TensorType.FLOAT32.code()));
    assertThat(Tensors.floats(q, "dense/bias"), is(mixed.denseBias()));
    assertThat(result.model().name(), is("mixed_quantized"));
  }

  @Test
  void mixedModel_currentScheme_reportsEachTensor() {
    FloatModels.Mixed mixed = FloatModels.mixed(11);

    QuantizationReport report =
        DynamicRangeQuantizer.withDefaults().quantize(mixed.model()).report();

    assertThat(
        report.quantized().stream().map(QuantizedTensor::name).toList(),
        contains("conv/filter", "depthwise/filter", "dense/kernel"));
    QuantizedTensor conv = report.quantized().get(0);
    assertThat(conv.operator(), is("CONV_2D"));
    assertThat(conv.shape(), contains(16, 3, 3, 8));
    assertThat(conv.perChannel(), is(true));
    assertThat(conv.scaleCount(), is(16));
    assertThat(conv.zeroChannels(), is(1));
    assertThat(
        Tensors.tensor(mixed.model().schema(), "conv/filter").getType(),
        is((byte) TensorType.FLOAT32.code()));
    assertThat(conv.bytesBefore(), is(4L * mixed.conv().length));
    assertThat(conv.bytesAfter(), is((long) mixed.conv().length));
    QuantizedTensor depthwise = report.quantized().get(1);
    assertThat(depthwise.quantizedDimension(), is(3));
    assertThat(depthwise.scaleCount(), is(128));
    QuantizedTensor dense = report.quantized().get(2);
    assertThat(dense.scaleCount(), is(FloatModels.Mixed.UNITS));
    assertThat(dense.zeroChannels(), is(1));
    assertThat(
        report.skipped(SkipReason.NOT_A_HYBRID_WEIGHT).stream().map(SkippedTensor::name).toList(),
        contains("conv/bias", "depthwise/bias", "dense/bias"));
    assertThat(
        report.skipped(SkipReason.NOT_FLOAT32).stream().map(SkippedTensor::name).toList(),
        contains("flatten/shape"));
    assertThat(report.bytesAfter() * 4, is(report.bytesBefore()));
    assertThat(report.summary(), containsString("quantized 3 tensors"));
  }

  @Test
  void mixedModel_tf28Scheme_quantizesDensePerTensorAndStoresChannelMinMax() {
    FloatModels.Mixed mixed = FloatModels.mixed(11);
    DynamicRangeQuantizer legacy =
        new DynamicRangeQuantizer(
            QuantizationOptions.defaults().withScheme(QuantizationScheme.TF_2_8));

    QuantizedModel result = legacy.quantize(mixed.model());

    ModelT q = result.model().schema();
    assertPerChannel(q, "conv/filter", mixed.conv(), 0, true);
    assertPerChannel(q, "depthwise/filter", mixed.depthwise(), 3, true);
    TensorT dense = Tensors.tensor(q, "dense/kernel");
    float scale = ExpectedInt8.perTensorScale(mixed.dense());
    QuantizationParametersT params = dense.getQuantization();
    assertThat(dense.getType(), is((byte) TensorType.INT8.code()));
    assertThat(params.getScale(), is(new float[] {scale}));
    assertThat(params.getZeroPoint(), is(new long[] {0}));
    // The per-tensor quantizer of that converter stored no min/max, only the per-channel one did.
    assertThat(params.getMin().length, is(0));
    assertThat(params.getMax().length, is(0));
    assertThat(Tensors.data(q, dense), is(ExpectedInt8.values(mixed.dense(), scale)));
    assertThat(
        Tensors.operators(q),
        contains(
            "CONV_2D v5",
            "DEPTHWISE_CONV_2D v6",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v9",
            "SOFTMAX v1"));
    FullyConnectedOptionsT options =
        (FullyConnectedOptionsT)
            Tensors.operatorReading(q, Tensors.index(q, "dense/kernel"), 1)
                .getBuiltinOptions()
                .getValue();
    assertThat(options.getAsymmetricQuantizeInputs(), is(true));
    assertThat(result.report().quantized().get(2).perChannel(), is(false));
    assertThat(result.report().quantized().get(2).scaleCount(), is(1));
  }

  /**
   * The tolerance, 0.02 on a probability: the hybrid kernels quantize each input row to int8 on the
   * fly and each weight carries a rounding error of at most half a step, {@code max|w| / 254} of
   * its channel, so a pre-activation moves by about 1% of its magnitude; softmax and sigmoid move
   * by at most 0.25–0.5 per unit of logit. Over ten seeds of this model the largest difference seen
   * was 0.0098 (0.007 with the legacy scheme), so 0.02 is about twice that; quantizing each channel
   * with its neighbour's scale, tried as a deliberate bug, moved them by 0.27.
   */
  @ParameterizedTest
  @EnumSource(QuantizationScheme.class)
  void quantizedModel_runsInTflite_closeToTheFloatModel(QuantizationScheme scheme) {
    FloatModels.Mixed mixed = FloatModels.mixed(12, false);
    float[] input = FloatModels.uniform(new SplittableRandom(5), BATCH * mixed.inputSize());
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withScheme(scheme));

    TfliteModel quantized = quantizer.quantize(mixed.model()).model();

    float[] expected = Tensors.run(mixed.model(), BATCH, input).get(0);
    float[] actual = Tensors.run(quantized, BATCH, input).get(0);
    float difference = Tensors.maxAbsDifference(expected, actual);
    assertThat(difference, lessThanOrEqualTo(0.02f));
    // Identical outputs would mean the int8 weights were never used.
    assertThat(difference, greaterThan(0f));
  }

  /**
   * TF 2.21's rule gives an all-zero channel scale 0. The reference kernels accept that, but TFLite
   * 2.21's XNNPACK delegate rejects per-channel int8 FULLY_CONNECTED weights with a zero scale
   * ("unsupported scale value (0.000000) in channel 3"), so the report warns about it. This test
   * pins both halves, so that a runtime which lifts the limitation shows up here.
   */
  @Test
  void zeroDenseUnit_currentScheme_runsWithoutXnnpackAndIsReported() {
    FloatModels.Mixed mixed = FloatModels.mixed(12, true);
    float[] input = FloatModels.uniform(new SplittableRandom(6), BATCH * mixed.inputSize());

    QuantizedModel result = DynamicRangeQuantizer.withDefaults().quantize(mixed.model());

    SessionOptions reference = SessionOptions.defaults().withXnnpack(false);
    float[] expected = Tensors.run(mixed.model(), reference, BATCH, input).get(0);
    float[] actual = Tensors.run(result.model(), reference, BATCH, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
    assertThat(result.report().summary(), containsString("XNNPACK"));
    assertThat(result.report().summary(), containsString("dense/kernel"));
    ModelRuntimeException e =
        assertThrows(
            ModelRuntimeException.class,
            () -> Tensors.run(result.model(), SessionOptions.defaults(), BATCH, input));
    assertThat(e.getMessage(), containsString("mixed_quantized"));
  }

  @Test
  void zeroDenseUnit_tf28Scheme_runsWithXnnpack() {
    FloatModels.Mixed mixed = FloatModels.mixed(12, true);
    float[] input = FloatModels.uniform(new SplittableRandom(6), BATCH * mixed.inputSize());
    DynamicRangeQuantizer legacy =
        new DynamicRangeQuantizer(
            QuantizationOptions.defaults().withScheme(QuantizationScheme.TF_2_8));

    QuantizedModel result = legacy.quantize(mixed.model());

    float[] expected = Tensors.run(mixed.model(), BATCH, input).get(0);
    float[] actual = Tensors.run(result.model(), BATCH, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
    assertThat(result.report().summary(), not(containsString("XNNPACK")));
  }

  @Test
  void quantizedModel_zipsSmallerThanTheFloatModel() {
    FloatModels.Mixed mixed = FloatModels.mixed(13);

    TfliteModel quantized = DynamicRangeQuantizer.withDefaults().quantize(mixed.model()).model();

    long before = ModelSizes.of(mixed.model()).zip();
    long after = ModelSizes.of(quantized).zip();
    assertThat(after, lessThan(before / 2));
    assertThat((long) quantized.size(), lessThan((long) mixed.model().size() / 2));
  }

  @Test
  void seedModel_smallTensors_areSkippedAndReported() {
    FloatModels.Seed seed = FloatModels.seed(21);

    QuantizationReport report =
        DynamicRangeQuantizer.withDefaults().quantize(seed.model()).report();

    assertThat(
        report.quantized().stream().map(QuantizedTensor::name).toList(),
        contains("conv2d_1/kernel"));
    List<SkippedTensor> small = report.skipped(SkipReason.TOO_SMALL);
    assertThat(
        small.stream().map(SkippedTensor::name).toList(),
        contains("conv2d/kernel", "dense/kernel"));
    assertThat(small.get(0).elements(), is(108L));
    assertThat(small.get(1).elements(), is(600L));
    assertThat(
        report.summary(), containsString("2 fewer elements than the quantization threshold"));
    assertThat(report.summary(), containsString("threshold 1024 elements"));
  }

  @Test
  void seedModel_lowerThreshold_quantizesTheSmallTensorsToo() {
    FloatModels.Seed seed = FloatModels.seed(21);
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(100));

    QuantizedModel result = quantizer.quantize(seed.model());

    assertThat(
        result.report().quantized().stream().map(QuantizedTensor::name).toList(),
        contains("conv2d/kernel", "conv2d_1/kernel", "dense/kernel"));
    assertThat(result.report().skipped(SkipReason.TOO_SMALL), is(List.of()));
    ModelT q = result.model().schema();
    assertPerChannel(q, "conv2d/kernel", seed.conv1(), 0, false);
    assertPerChannel(q, "dense/kernel", seed.dense(), 0, false);
  }

  @Test
  void seedModel_higherThreshold_returnsTheModelUnchanged() {
    FloatModels.Seed seed = FloatModels.seed(21);
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(5000));

    QuantizedModel result = quantizer.quantize(seed.model());

    assertThat(result.model(), is(sameInstance(seed.model())));
    assertThat(result.report().changed(), is(false));
    assertThat(result.report().skipped(SkipReason.TOO_SMALL).size(), is(3));
    assertThat(result.report().summary(), containsString("nothing to quantize"));
  }

  @Test
  void converterShapedModel_keepsDynamicBatchSignatureMetadataAndOtherBuffers() {
    FloatModels.Seed seed = FloatModels.seed(22);
    ModelT before = seed.model().schema();

    TfliteModel quantized = DynamicRangeQuantizer.withDefaults().quantize(seed.model()).model();

    ModelT after = quantized.schema();
    assertThat(after.getDescription(), is(before.getDescription()));
    assertThat(
        after.getSubgraphs()[0].getTensors().length,
        is(before.getSubgraphs()[0].getTensors().length));
    int input = after.getSubgraphs()[0].getInputs()[0];
    assertThat(
        after.getSubgraphs()[0].getTensors()[input].getShapeSignature(),
        is(new int[] {-1, 28, 28}));
    assertThat(
        Arrays.stream(after.getMetadata()).map(MetadataT::getName).toList(),
        contains("min_runtime_version", "CONVERSION_METADATA"));
    assertThat(after.getSignatureDefs().length, is(1));
    assertThat(after.getSignatureDefs()[0].getSignatureKey(), is("serving_default"));
    assertThat(after.getSignatureDefs()[0].getInputs()[0].getName(), is("input"));
    assertThat(after.getSignatureDefs()[0].getInputs()[0].getTensorIndex(), is((long) input));
    assertThat(
        after.getSignatureDefs()[0].getOutputs()[0].getTensorIndex(),
        is(before.getSignatureDefs()[0].getOutputs()[0].getTensorIndex()));
    assertThat(
        Tensors.operators(after),
        contains(
            "SHAPE v1",
            "STRIDED_SLICE v1",
            "PACK v1",
            "RESHAPE v1",
            "CONV_2D v1",
            "MAX_POOL_2D v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v1",
            "LOGISTIC v1"));
    for (TensorT tensor : before.getSubgraphs()[0].getTensors()) {
      if (tensor.getBuffer() > 0 && !tensor.getName().equals("conv2d_1/kernel")) {
        assertThat(
            tensor.getName(),
            Tensors.data(after, Tensors.tensor(after, tensor.getName())),
            is(Tensors.data(before, tensor)));
      }
    }
  }

  @Test
  void converterShapedModel_runsAtSeveralBatchSizes() {
    FloatModels.Seed seed = FloatModels.seed(23);
    TfliteModel quantized =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(100))
            .quantize(seed.model())
            .model();

    for (int batch : new int[] {1, 3}) {
      float[] input = FloatModels.uniform(new SplittableRandom(batch), batch * 28 * 28);
      float[] expected = Tensors.run(seed.model(), batch, input).get(0);
      float[] actual = Tensors.run(quantized, batch, input).get(0);
      assertThat(actual.length, is(batch));
      assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
    }
  }

  @ParameterizedTest
  @EnumSource(QuantizationScheme.class)
  void sharedWeight_readByMul_getsADequantizeAndStillMatchesFloat(QuantizationScheme scheme) {
    FloatModels.SharedWeight shared = FloatModels.sharedWeight(31);
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withScheme(scheme));

    QuantizedModel result = quantizer.quantize(shared.model());

    ModelT q = result.model().schema();
    int weights = Tensors.index(q, "shared/kernel");
    int dequantized = Tensors.index(q, "shared/kernel_dequantize");
    OperatorT[] ops = q.getSubgraphs()[0].getOperators();
    if (scheme == QuantizationScheme.TF_2_21) {
      // The MLIR converter's DEQUANTIZE comes first, per channel as the weights are.
      assertThat(
          Tensors.operators(q),
          contains("DEQUANTIZE v5", "FULLY_CONNECTED v12", "FULLY_CONNECTED v12", "MUL v1"));
    } else {
      // The legacy quantizer put it right before its first reader.
      String fc = scheme == QuantizationScheme.TF_2_8 ? "FULLY_CONNECTED v9" : "FULLY_CONNECTED v3";
      assertThat(Tensors.operators(q), contains(fc, fc, "DEQUANTIZE v2", "MUL v1"));
    }
    OperatorT dequantize = Tensors.operatorReading(q, weights, 0);
    assertThat(dequantize.getOutputs(), is(new int[] {dequantized}));
    assertThat(Tensors.operatorReading(q, dequantized, 1), is(ops[3]));
    assertThat(
        Arrays.stream(ops)
            .filter(op -> op.getInputs().length > 1 && op.getInputs()[1] == weights)
            .count(),
        is(2L));
    TensorT dequantizedTensor = q.getSubgraphs()[0].getTensors()[dequantized];
    assertThat(dequantizedTensor.getType(), is((byte) TensorType.FLOAT32.code()));
    assertThat(dequantizedTensor.getBuffer(), is(0L));
    assertThat(result.report().quantized().get(0).dequantized(), is(true));

    SplittableRandom random = new SplittableRandom(3);
    float[] x = FloatModels.gaussian(random, shared.inputs(), 1);
    float[] m = FloatModels.gaussian(random, shared.units() * shared.inputs(), 1);
    List<float[]> expected = Tensors.run(shared.model(), 0, x, m);
    List<float[]> actual = Tensors.run(result.model(), 0, x, m);
    float[] scales = Tensors.tensor(q, "shared/kernel").getQuantization().getScale();
    for (int i = 0; i < m.length; i++) {
      // DEQUANTIZE restores each weight within half a step of its channel's scale.
      float scale = scales.length == 1 ? scales[0] : scales[i / shared.inputs()];
      assertThat(
          Math.abs(actual.get(2)[i] - expected.get(2)[i]),
          lessThanOrEqualTo(Math.abs(m[i]) * scale / 2 + 1e-6f));
    }
    assertThat(Tensors.maxAbsDifference(expected.get(0), actual.get(0)), lessThanOrEqualTo(0.1f));
    assertThat(Tensors.maxAbsDifference(expected.get(1), actual.get(1)), lessThanOrEqualTo(0.1f));
    assertThat(Tensors.maxAbsDifference(expected.get(2), actual.get(2)), greaterThan(0f));
  }

  @Test
  void quantizedTwice_whenSmallFloatWeightsRemain_reportsAlreadyQuantized() {
    TfliteModel once =
        DynamicRangeQuantizer.withDefaults().quantize(FloatModels.seed(24).model()).model();

    QuantizedModel twice = DynamicRangeQuantizer.withDefaults().quantize(once);

    assertThat(twice.model(), is(sameInstance(once)));
    assertThat(
        twice.report().skipped(SkipReason.ALREADY_QUANTIZED).stream()
            .map(SkippedTensor::name)
            .toList(),
        contains("conv2d_1/kernel"));
    assertThat(twice.report().summary(), containsString("1 already quantized"));
  }

  @Test
  void sparseWeights_areSkippedAndReported() {
    FloatModels.Mixed mixed = FloatModels.mixed(14, false);
    TfliteModel sparse = FloatModels.withSparseDense(mixed);

    QuantizationReport report = DynamicRangeQuantizer.withDefaults().quantize(sparse).report();

    assertThat(
        report.skipped(SkipReason.SPARSE).stream().map(SkippedTensor::name).toList(),
        contains("dense/kernel"));
    assertThat(
        report.quantized().stream().map(QuantizedTensor::name).toList(),
        contains("conv/filter", "depthwise/filter"));
  }

  @Test
  void modelWithoutWeights_comesBackUnchanged() {
    TfliteModel square = FloatModels.weightless();

    QuantizedModel result = DynamicRangeQuantizer.withDefaults().quantize(square);

    assertThat(result.model(), is(sameInstance(square)));
    assertThat(result.report().quantized(), is(List.of()));
    assertThat(result.report().skipped(), is(List.of()));
    assertThat(
        result.report().summary(), is("square: nothing to quantize, the model is unchanged"));
  }

  private static void assertPerChannel(
      ModelT model, String name, float[] weights, int dimension, boolean minMax) {
    TensorT tensor = Tensors.tensor(model, name);
    int[] shape = tensor.getShape();
    float[] scales = ExpectedInt8.scales(weights, shape, dimension);
    QuantizationParametersT params = tensor.getQuantization();
    assertThat(name, tensor.getType(), is((byte) TensorType.INT8.code()));
    assertThat(name, params.getQuantizedDimension(), is(dimension));
    assertThat(name, params.getScale(), is(scales));
    assertThat(name, Arrays.stream(params.getZeroPoint()).boxed().toList(), everyItem(is(0L)));
    assertThat(name, params.getZeroPoint().length, is(scales.length));
    assertThat(
        name,
        Tensors.data(model, tensor),
        is(ExpectedInt8.values(weights, shape, dimension, scales)));
    if (minMax) {
      float[] min = ExpectedInt8.channelMin(weights, shape, dimension);
      float[] max = ExpectedInt8.channelMax(weights, shape, dimension);
      for (int c = 0; c < scales.length; c++) {
        if (scales[c] == 0f) {
          // The TF 2.8 converter's files hold -0.0 for an all-zero channel.
          min[c] = -0.0f;
          max[c] = -0.0f;
        }
      }
      assertThat(name, params.getMin(), is(min));
      assertThat(name, params.getMax(), is(max));
    } else {
      assertThat(name, params.getMin() == null || params.getMin().length == 0, is(true));
      assertThat(name, params.getMax() == null || params.getMax().length == 0, is(true));
    }
    for (int c = 0; c < scales.length; c++) {
      if (scales[c] == 0f) {
        for (int i = 0; i < weights.length; i++) {
          if (ExpectedInt8.channelOf(i, shape, dimension) == c) {
            assertThat(name, Tensors.data(model, tensor)[i], is((byte) 0));
          }
        }
      }
    }
  }
}
