package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.ConversionMetadata;
import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.SessionOptions;
import io.github.modelbudget.optimizer.rewrite.ConstantBuffers;
import io.github.modelbudget.optimizer.rewrite.ModelMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Each converter generation's scheme on the seed network as the Keras converter writes it (SHAPE →
 * STRIDED_SLICE → PACK → RESHAPE, CONV_2D with fused relu, MAX_POOL_2D, RESHAPE, FULLY_CONNECTED,
 * LOGISTIC, {@code min_runtime_version} metadata, a serving signature): operator versions, options,
 * quantization parameters and metadata, field by field, as read from each converter's files.
 */
class ConverterGenerationsTest {

  /** Low enough that the seed's 600-weight dense layer is quantized too. */
  private static final int LOW_THRESHOLD = 100;

  private static final int BATCH = 3;
  private static final String ZERO_CHANNEL_KERNEL = "conv2d_1/kernel";
  private static final int ZERO_CHANNEL = 7;

  private static QuantizedModel quantize(
      TfliteModel model, QuantizationScheme scheme, int minElements) {
    return new DynamicRangeQuantizer(new QuantizationOptions(scheme, minElements)).quantize(model);
  }

  @Test
  void tf221_seedModel_versionsEachHybridOperatorWithAsymmetricInputsAndNoMinMax() {
    FloatModels.Seed seed = FloatModels.seed(41);

    ModelT q = quantize(seed.model(), QuantizationScheme.TF_2_21, LOW_THRESHOLD).model().schema();

    assertThat(
        Tensors.operators(q),
        contains(
            "SHAPE v1",
            "STRIDED_SLICE v1",
            "PACK v1",
            "RESHAPE v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v12",
            "LOGISTIC v1"));
    assertConvolutionOptionsKept(q);
    FullyConnectedOptionsT dense = fullyConnectedOptions(q);
    assertThat(dense.getAsymmetricQuantizeInputs(), is(true));
    assertThat(dense.getFusedActivationFunction(), is(ActivationFunctionType.NONE));
    assertThat(dense.getKeepNumDims(), is(false));
    assertThat(dense.getWeightsFormat(), is(FullyConnectedOptionsWeightsFormat.DEFAULT));
    assertQuantization(q, "conv2d/kernel", 12, 0, false);
    assertQuantization(q, "conv2d_1/kernel", 24, 0, false);
    // Per channel on dimension 0 of [1, 600]: one unit, one scale.
    assertQuantization(q, "dense/kernel", 1, 0, false);
    assertThat(
        Tensors.tensor(q, "dense/kernel").getQuantization().getScale(),
        is(ExpectedInt8.scales(seed.dense(), new int[] {1, 600}, 0)));
    assertBothCodeFieldsSet(q);
  }

  @Test
  void tf221_seedModel_raisesMinRuntimeVersionAndRecordsDynamicRangeQuantization() {
    FloatModels.Seed seed = FloatModels.seed(42);

    QuantizedModel result = quantize(seed.model(), QuantizationScheme.TF_2_21, LOW_THRESHOLD);

    ModelT q = result.model().schema();
    byte[] version = metadata(q, "min_runtime_version").orElseThrow();
    // FULLY_CONNECTED v12 needs 2.17.0; the converter pads it to 16 bytes with zeros.
    assertThat(version.length, is(16));
    assertThat(new String(version, 0, 6, StandardCharsets.US_ASCII), is("2.17.0"));
    assertThat(Arrays.copyOfRange(version, 6, 16), is(new byte[10]));
    ConversionMetadata conversion = ConversionMetadata.of(result.model()).orElseThrow();
    assertThat(
        conversion.options().orElseThrow().modes(), contains(OptimizationMode.PTQ_DYNAMIC_RANGE));
    assertThat(conversion.environment(), is(Optional.empty()));
    assertThat(
        result.report().metadata().stream()
            .map(QuantizationReport.MetadataChange::toString)
            .toList(),
        contains(
            "min_runtime_version: 1.14.0 → 2.17.0",
            "CONVERSION_METADATA: (absent) → PTQ_DYNAMIC_RANGE"));
    assertThat(q.getSignatureDefs()[0].getSignatureKey(), is("serving_default"));
  }

  @Test
  void tf221_existingConversionMetadata_keepsItsEnvironmentAndAddsTheMode() {
    ConversionMetadata converted =
        new ConversionMetadata(
            Optional.of(new ConversionMetadata.Environment(Optional.of("2.21.0"), 2, 2, 77L)),
            Optional.of(ConversionMetadata.Options.of(OptimizationMode.RANDOM_SPARSITY)));
    TfliteModel model = withConversionMetadata(FloatModels.seed(51).model(), converted.toBytes());

    QuantizedModel result = quantize(model, QuantizationScheme.TF_2_21, LOW_THRESHOLD);

    ConversionMetadata after = ConversionMetadata.of(result.model()).orElseThrow();
    assertThat(after.environment(), is(converted.environment()));
    assertThat(
        after.options().orElseThrow().modes(),
        contains(OptimizationMode.RANDOM_SPARSITY, OptimizationMode.PTQ_DYNAMIC_RANGE));
    ModelT q = result.model().schema();
    assertThat(
        Arrays.stream(q.getMetadata()).map(MetadataT::getName).toList(),
        contains("min_runtime_version", "CONVERSION_METADATA"));
  }

  @Test
  void corruptConversionMetadata_tf221ThrowsNamingTheModel_olderSchemesLeaveIt() {
    TfliteModel model =
        withConversionMetadata(FloatModels.seed(52).model(), new byte[] {9, 9, 9, 9, 9, 9});

    InvalidModelException e =
        assertThrows(
            InvalidModelException.class,
            () -> quantize(model, QuantizationScheme.TF_2_21, LOW_THRESHOLD));
    QuantizedModel legacy = quantize(model, QuantizationScheme.TF_2_8, LOW_THRESHOLD);

    assertThat(e.getMessage(), containsString("baseline"));
    assertThat(e.getMessage(), containsString("CONVERSION_METADATA"));
    assertThat(
        metadata(legacy.model().schema(), "CONVERSION_METADATA").orElseThrow(),
        is(new byte[] {9, 9, 9, 9, 9, 9}));
  }

  @Test
  void tf221_defaultThreshold_leavesTheSmallLayersAtVersionOneAndNeedsRuntime24() {
    FloatModels.Seed seed = FloatModels.seed(43);

    ModelT q =
        quantize(seed.model(), QuantizationScheme.TF_2_21, QuantizationOptions.DEFAULT_MIN_ELEMENTS)
            .model()
            .schema();

    assertThat(
        Tensors.operators(q).subList(4, 11),
        contains(
            "CONV_2D v1",
            "MAX_POOL_2D v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v1",
            "LOGISTIC v1"));
    assertThat(fullyConnectedOptions(q).getAsymmetricQuantizeInputs(), is(false));
    byte[] version = metadata(q, "min_runtime_version").orElseThrow();
    assertThat(new String(version, StandardCharsets.US_ASCII).trim(), is("2.4.0"));
  }

  @Test
  void tf28_seedModel_versionsEveryOperatorCodeAndStoresChannelMinMax() {
    FloatModels.Seed seed = FloatModels.seed(44);
    ModelT before = seed.model().schema();

    ModelT q = quantize(seed.model(), QuantizationScheme.TF_2_8, LOW_THRESHOLD).model().schema();

    assertThat(
        Tensors.operators(q),
        contains(
            "SHAPE v1",
            "STRIDED_SLICE v1",
            "PACK v1",
            "RESHAPE v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v9",
            "LOGISTIC v1"));
    // The legacy quantizer changed the version of the one CONV_2D code both convolutions share.
    assertThat(q.getOperatorCodes().length, is(before.getOperatorCodes().length));
    assertThat(codesOf(q, BuiltinOperator.CONV_2D), hasSize(1));
    assertConvolutionOptionsKept(q);
    FullyConnectedOptionsT dense = fullyConnectedOptions(q);
    assertThat(dense.getAsymmetricQuantizeInputs(), is(true));
    assertThat(dense.getFusedActivationFunction(), is(ActivationFunctionType.NONE));
    assertQuantization(q, "conv2d/kernel", 12, 0, true);
    assertQuantization(q, "conv2d_1/kernel", 24, 0, true);
    TensorT conv = Tensors.tensor(q, "conv2d_1/kernel");
    assertThat(
        conv.getQuantization().getMin(),
        is(ExpectedInt8.channelMin(seed.conv2(), conv.getShape(), 0)));
    assertThat(
        conv.getQuantization().getMax(),
        is(ExpectedInt8.channelMax(seed.conv2(), conv.getShape(), 0)));
    // FULLY_CONNECTED per tensor, and that quantizer stored no min/max for it.
    assertQuantization(q, "dense/kernel", 1, 0, false);
    assertThat(
        Tensors.tensor(q, "dense/kernel").getQuantization().getScale(),
        is(new float[] {ExpectedInt8.perTensorScale(seed.dense())}));
    assertMetadataUnchanged(before, q);
    assertBothCodeFieldsSet(q);
  }

  @Test
  void tf28_defaultThreshold_raisesFullyConnectedToV9AlsoWithFloatWeights() {
    FloatModels.Seed seed = FloatModels.seed(45);

    QuantizedModel result =
        quantize(seed.model(), QuantizationScheme.TF_2_8, QuantizationOptions.DEFAULT_MIN_ELEMENTS);

    ModelT q = result.model().schema();
    // As in the seed experiment's files: dense 600 weights stay float, yet FULLY_CONNECTED is v9.
    assertThat(
        Tensors.operators(q).subList(4, 11),
        contains(
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "CONV_2D v5",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v9",
            "LOGISTIC v1"));
    assertThat(Tensors.tensor(q, "dense/kernel").getType(), is((byte) TensorType.FLOAT32.code()));
    assertThat(Tensors.tensor(q, "conv2d/kernel").getType(), is((byte) TensorType.FLOAT32.code()));
    assertThat(fullyConnectedOptions(q).getAsymmetricQuantizeInputs(), is(false));
    assertThat(result.report().metadata(), is(empty()));
  }

  @Test
  void tf28_allZeroChannel_storesScaleZeroAndMinMaxNegativeZero() {
    TfliteModel pruned = withZeroChannel(FloatModels.seed(46).model());

    ModelT q = quantize(pruned, QuantizationScheme.TF_2_8, LOW_THRESHOLD).model().schema();

    QuantizationParametersT params = Tensors.tensor(q, ZERO_CHANNEL_KERNEL).getQuantization();
    assertThat(params.getScale()[ZERO_CHANNEL], is(0f));
    assertThat(bits(params.getMin()[ZERO_CHANNEL]), is(bits(-0.0f)));
    assertThat(bits(params.getMax()[ZERO_CHANNEL]), is(bits(-0.0f)));
    assertThat(params.getScale()[ZERO_CHANNEL + 1], greaterThan(0f));
    byte[] values = Tensors.data(q, Tensors.tensor(q, ZERO_CHANNEL_KERNEL));
    int perChannel = values.length / 24;
    for (int i = ZERO_CHANNEL * perChannel; i < (ZERO_CHANNEL + 1) * perChannel; i++) {
      assertThat(values[i], is((byte) 0));
    }
  }

  @Test
  void tf221AndTf24_allZeroChannel_storeNoMinMax() {
    TfliteModel pruned = withZeroChannel(FloatModels.seed(46).model());

    for (QuantizationScheme scheme :
        List.of(QuantizationScheme.TF_2_21, QuantizationScheme.TF_2_4)) {
      ModelT q = quantize(pruned, scheme, LOW_THRESHOLD).model().schema();
      QuantizationParametersT params = Tensors.tensor(q, ZERO_CHANNEL_KERNEL).getQuantization();
      assertThat(scheme.name(), params.getMin().length, is(0));
      assertThat(scheme.name(), params.getMax().length, is(0));
    }
  }

  @Test
  void tf24_seedModel_quantizesPerTensorWithSymmetricInputsAndOldVersions() {
    FloatModels.Seed seed = FloatModels.seed(47);
    ModelT before = seed.model().schema();

    ModelT q = quantize(seed.model(), QuantizationScheme.TF_2_4, LOW_THRESHOLD).model().schema();

    assertThat(
        Tensors.operators(q),
        contains(
            "SHAPE v1",
            "STRIDED_SLICE v1",
            "PACK v1",
            "RESHAPE v1",
            "CONV_2D v2",
            "MAX_POOL_2D v1",
            "CONV_2D v2",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v3",
            "LOGISTIC v1"));
    assertConvolutionOptionsKept(q);
    FullyConnectedOptionsT dense = fullyConnectedOptions(q);
    assertThat(dense.getAsymmetricQuantizeInputs(), is(false));
    assertThat(dense.getFusedActivationFunction(), is(ActivationFunctionType.NONE));
    assertQuantization(q, "conv2d/kernel", 1, 0, false);
    assertQuantization(q, "conv2d_1/kernel", 1, 0, false);
    assertQuantization(q, "dense/kernel", 1, 0, false);
    assertThat(
        Tensors.tensor(q, "conv2d_1/kernel").getQuantization().getScale(),
        is(new float[] {ExpectedInt8.perTensorScale(seed.conv2())}));
    assertThat(
        Tensors.data(q, Tensors.tensor(q, "conv2d_1/kernel")),
        is(ExpectedInt8.values(seed.conv2(), ExpectedInt8.perTensorScale(seed.conv2()))));
    assertMetadataUnchanged(before, q);
    assertBothCodeFieldsSet(q);
  }

  @Test
  void tf24_depthwiseConvolution_isReadThroughADequantizeRightBeforeIt() {
    FloatModels.Mixed mixed = FloatModels.mixed(48, false);

    QuantizedModel result =
        quantize(
            mixed.model(), QuantizationScheme.TF_2_4, QuantizationOptions.DEFAULT_MIN_ELEMENTS);

    ModelT q = result.model().schema();
    // That converter had no hybrid depthwise kernel: its version stays, a DEQUANTIZE feeds it.
    assertThat(
        Tensors.operators(q),
        contains(
            "CONV_2D v2",
            "DEQUANTIZE v2",
            "DEPTHWISE_CONV_2D v1",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v3",
            "SOFTMAX v1"));
    OperatorT depthwise = q.getSubgraphs()[0].getOperators()[2];
    assertThat(depthwise.getInputs()[1], is(Tensors.index(q, "depthwise/filter_dequantize")));
    assertQuantization(q, "depthwise/filter", 1, 0, false);
    QuantizedTensor reported = result.report().quantized().get(1);
    assertThat(reported.operator(), is("DEPTHWISE_CONV_2D"));
    assertThat(reported.dequantized(), is(true));
    float[] input = FloatModels.uniform(new SplittableRandom(8), BATCH * mixed.inputSize());
    float[] expected = Tensors.run(mixed.model(), BATCH, input).get(0);
    float[] actual = Tensors.run(result.model(), BATCH, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
  }

  /**
   * Each generation's file runs in TFLite 2.21, with and without XNNPACK, close to the float model:
   * the same 0.02 bound as the quantizer's other tests (a rounding error of half a step per weight,
   * through a sigmoid), with the seed's pruned all-zero channel in it.
   */
  @ParameterizedTest
  @EnumSource(QuantizationScheme.class)
  void eachScheme_outputModel_runsInTfliteCloseToTheFloatModel(QuantizationScheme scheme) {
    TfliteModel baseline = withZeroChannel(FloatModels.seed(49).model());
    TfliteModel quantized = quantize(baseline, scheme, LOW_THRESHOLD).model();
    float[] input = FloatModels.uniform(new SplittableRandom(9), BATCH * 28 * 28);

    for (SessionOptions options :
        List.of(SessionOptions.defaults(), SessionOptions.defaults().withXnnpack(false))) {
      float[] expected = Tensors.run(baseline, options, BATCH, input).get(0);
      float[] actual = Tensors.run(quantized, options, BATCH, input).get(0);
      assertThat(actual.length, is(BATCH));
      float difference = Tensors.maxAbsDifference(expected, actual);
      assertThat(scheme + " " + options, difference, lessThanOrEqualTo(0.02f));
      assertThat(scheme + " " + options, difference, greaterThan(0f));
    }
  }

  /**
   * The seed's dense layer has one unit, so its per-channel scale is the per-tensor one and TF 2.21
   * and TF 2.8 compute the same; the early-2021 scheme's per-tensor convolutions and symmetric
   * input quantization compute something else. With ten units (the mixed model) TF 2.21 and TF 2.8
   * differ too.
   */
  @Test
  void schemes_withoutXnnpack_differWhereTheirQuantizationDiffers() {
    SessionOptions reference = SessionOptions.defaults().withXnnpack(false);
    TfliteModel seed = FloatModels.seed(50).model();
    float[] image = FloatModels.uniform(new SplittableRandom(10), BATCH * 28 * 28);
    FloatModels.Mixed mixed = FloatModels.mixed(51, false);
    float[] input = FloatModels.uniform(new SplittableRandom(11), BATCH * mixed.inputSize());

    float[] seed221 = run(seed, QuantizationScheme.TF_2_21, reference, image);
    float[] seed28 = run(seed, QuantizationScheme.TF_2_8, reference, image);
    float[] seed24 = run(seed, QuantizationScheme.TF_2_4, reference, image);
    float[] mixed221 = run(mixed.model(), QuantizationScheme.TF_2_21, reference, input);
    float[] mixed28 = run(mixed.model(), QuantizationScheme.TF_2_8, reference, input);

    assertThat(seed221, is(seed28));
    assertThat(seed24, is(not(seed221)));
    assertThat(Tensors.maxAbsDifference(mixed221, mixed28), greaterThan(0f));
  }

  private static float[] run(
      TfliteModel model, QuantizationScheme scheme, SessionOptions options, float[] input) {
    TfliteModel quantized = quantize(model, scheme, LOW_THRESHOLD).model();
    return Tensors.run(quantized, options, BATCH, input).get(0);
  }

  private static TfliteModel withConversionMetadata(TfliteModel model, byte[] data) {
    ModelT schema = model.schema();
    ModelMetadata.write(schema, ConversionMetadata.METADATA_NAME, data);
    return TfliteModel.fromBytes(model.name(), SchemaRoundTrip.serialize(schema));
  }

  /** The seed model with one all-zero filter in its second convolution, as pruning leaves it. */
  private static TfliteModel withZeroChannel(TfliteModel model) {
    ModelT schema = model.schema();
    TensorT kernel = Tensors.tensor(schema, ZERO_CHANNEL_KERNEL);
    float[] values = Tensors.floats(schema, ZERO_CHANNEL_KERNEL);
    int perChannel = values.length / kernel.getShape()[0];
    Arrays.fill(values, ZERO_CHANNEL * perChannel, (ZERO_CHANNEL + 1) * perChannel, 0f);
    ConstantBuffers.replaceFloats(schema, kernel, values);
    return TfliteModel.fromBytes(model.name(), SchemaRoundTrip.serialize(schema));
  }

  private static void assertQuantization(
      ModelT model, String name, int scales, int dimension, boolean minMax) {
    TensorT tensor = Tensors.tensor(model, name);
    QuantizationParametersT params = tensor.getQuantization();
    assertThat(name, tensor.getType(), is((byte) TensorType.INT8.code()));
    assertThat(name, params.getScale().length, is(scales));
    assertThat(name, params.getZeroPoint(), is(new long[scales]));
    assertThat(name, params.getQuantizedDimension(), is(dimension));
    assertThat(name, params.getMin().length, is(minMax ? scales : 0));
    assertThat(name, params.getMax().length, is(minMax ? scales : 0));
  }

  private static void assertConvolutionOptionsKept(ModelT model) {
    for (OperatorT op : model.getSubgraphs()[0].getOperators()) {
      if (op.getBuiltinOptions().getValue() instanceof Conv2DOptionsT conv) {
        assertThat(conv.getFusedActivationFunction(), is(ActivationFunctionType.RELU));
        assertThat(conv.getPadding(), is(Padding.VALID));
        assertThat(conv.getStrideW(), is(1));
        assertThat(conv.getStrideH(), is(1));
      }
    }
  }

  private static FullyConnectedOptionsT fullyConnectedOptions(ModelT model) {
    return (FullyConnectedOptionsT)
        Tensors.operatorReading(model, Tensors.index(model, "dense/kernel"), 1)
            .getBuiltinOptions()
            .getValue();
  }

  private static void assertBothCodeFieldsSet(ModelT model) {
    for (OperatorCodeT code : model.getOperatorCodes()) {
      assertThat(code.getDeprecatedBuiltinCode(), is((byte) code.getBuiltinCode()));
    }
  }

  private static List<OperatorCodeT> codesOf(ModelT model, int builtin) {
    return Arrays.stream(model.getOperatorCodes())
        .filter(c -> c.getBuiltinCode() == builtin)
        .toList();
  }

  private static void assertMetadataUnchanged(ModelT before, ModelT after) {
    assertThat(
        Arrays.stream(after.getMetadata()).map(MetadataT::getName).toList(),
        contains("min_runtime_version"));
    assertThat(
        metadata(after, "min_runtime_version").orElseThrow(),
        is(metadata(before, "min_runtime_version").orElseThrow()));
  }

  private static Optional<byte[]> metadata(ModelT model, String name) {
    return Arrays.stream(model.getMetadata())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .map(m -> Tensors.bytes(model.getBuffers()[(int) m.getBuffer()].getData()));
  }

  private static int bits(float value) {
    return Float.floatToRawIntBits(value);
  }
}
