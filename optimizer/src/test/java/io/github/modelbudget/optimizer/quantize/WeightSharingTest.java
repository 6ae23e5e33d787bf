package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/** Weights that converters share: one tensor read by several ops, one buffer behind two tensors. */
class WeightSharingTest {

  /**
   * One {@code [1, 3, 3, 4]} constant is both a CONV_2D filter (one output channel, dimension 0)
   * and a DEPTHWISE_CONV_2D filter (four channels, dimension 3). It can be quantized only one way:
   * the first reader's; the other reads it through a DEQUANTIZE.
   */
  @Test
  void weightReadByConvAndDepthwise_quantizedForTheFirst_dequantizedForTheOther() {
    SplittableRandom random = new SplittableRandom(71);
    float[] filter = FloatModels.gaussian(random, 36, 0.5);
    TfliteModelBuilder b = new TfliteModelBuilder().description("conv and depthwise share");
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 5, 5, 4);
    TensorRef f = b.constant("shared/filter", filter, 1, 3, 3, 4);
    TensorRef convBias = b.constant("conv/bias", new float[] {0.1f}, 1);
    TensorRef depthBias = b.constant("depthwise/bias", new float[] {0, 0.1f, 0.2f, 0.3f}, 4);
    TensorRef conv = b.tensor("conv", TensorType.FLOAT32, 1, 3, 3, 1);
    TensorRef depth = b.tensor("depthwise", TensorType.FLOAT32, 1, 3, 3, 4);
    DepthwiseConv2DOptionsT options = new DepthwiseConv2DOptionsT();
    options.setPadding(org.tensorflow.lite.schema.Padding.VALID);
    options.setStrideW(1);
    options.setStrideH(1);
    options.setDepthMultiplier(1);
    options.setDilationWFactor(1);
    options.setDilationHFactor(1);
    options.setFusedActivationFunction(ActivationFunctionType.NONE);
    b.conv2d(x, f, convBias, conv, Padding.VALID, 1, Activation.NONE)
        .operator(
            BuiltinOperator.DEPTHWISE_CONV_2D,
            1,
            union(BuiltinOptions.DepthwiseConv2DOptions, options),
            List.of(x, f, depthBias),
            List.of(depth))
        .output(conv, depth);
    TfliteModel model = b.build("conv_and_depthwise");
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(16));

    QuantizedModel result = quantizer.quantize(model);

    ModelT q = result.model().schema();
    assertThat(
        Tensors.operators(q), contains("DEQUANTIZE v5", "CONV_2D v5", "DEPTHWISE_CONV_2D v1"));
    TensorT shared = Tensors.tensor(q, "shared/filter");
    assertThat(shared.getQuantization().getQuantizedDimension(), is(0));
    assertThat(shared.getQuantization().getScale().length, is(1));
    assertThat(
        q.getSubgraphs()[0].getOperators()[2].getInputs()[1],
        is(Tensors.index(q, "shared/filter_dequantize")));
    assertThat(result.report().quantized().get(0).dequantized(), is(true));

    float[] input = FloatModels.gaussian(new SplittableRandom(72), 100, 1);
    List<float[]> expected = Tensors.run(model, 0, input);
    List<float[]> actual = Tensors.run(result.model(), 0, input);
    assertThat(Tensors.maxAbsDifference(expected.get(0), actual.get(0)), lessThanOrEqualTo(0.1f));
    assertThat(Tensors.maxAbsDifference(expected.get(1), actual.get(1)), lessThanOrEqualTo(0.1f));
  }

  /**
   * Converters store identical constants once. When a quantized weight shares its buffer with a
   * float tensor that stays float, the int8 data must go to a buffer of its own.
   */
  @Test
  void bufferSharedWithAFloatTensor_isNotOverwritten() {
    FloatModels.SharedWeight fixture = FloatModels.sharedWeight(73);
    TfliteModel deduplicated = deduplicatedMulOperand(fixture);
    ModelT before = deduplicated.schema();

    QuantizedModel quantized = DynamicRangeQuantizer.withDefaults().quantize(deduplicated);
    TfliteModel pruned =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.5)).prune(deduplicated).model();

    for (ModelT after : List.of(quantized.model().schema(), pruned.schema())) {
      TensorT weights = Tensors.tensor(after, "shared/kernel");
      TensorT operand = Tensors.tensor(after, "operand");
      assertThat(weights.getBuffer(), is(not(operand.getBuffer())));
      assertThat(operand.getType(), is((byte) TensorType.FLOAT32.code()));
      assertThat(Tensors.floats(after, "operand"), is(fixture.weights()));
      assertThat(
          Tensors.data(after, operand),
          is(Tensors.data(before, Tensors.tensor(before, "operand"))));
    }
    assertThat(
        Tensors.tensor(quantized.model().schema(), "shared/kernel").getType(),
        is((byte) TensorType.INT8.code()));
  }

  /**
   * A second subgraph (as a model with several signatures has) whose tensors use the same buffers
   * as the first: both subgraphs' weights are quantized, and each ends up with its own int8 data.
   */
  @Test
  void twoSubgraphsSharingBuffers_bothAreQuantized() {
    FloatModels.Mixed mixed = FloatModels.mixed(75, false);
    ModelT schema = mixed.model().schema();
    SubGraphT copy = ModelT.deserializeFromBinary(mixed.model().bytes()).getSubgraphs()[0];
    copy.setName("copy");
    schema.setSubgraphs(new SubGraphT[] {schema.getSubgraphs()[0], copy});
    TfliteModel twoSubgraphs =
        TfliteModel.fromBytes("two_subgraphs", SchemaRoundTrip.serialize(schema));
    float[] input = FloatModels.uniform(new SplittableRandom(76), 2 * mixed.inputSize());

    QuantizedModel result = DynamicRangeQuantizer.withDefaults().quantize(twoSubgraphs);

    assertThat(result.report().quantized().size(), is(6));
    ModelT q = result.model().schema();
    TensorT first = Tensors.tensor(q, "dense/kernel");
    TensorT second =
        Arrays.stream(q.getSubgraphs()[1].getTensors())
            .filter(t -> t.getName().equals("dense/kernel"))
            .findFirst()
            .orElseThrow();
    assertThat(first.getBuffer(), is(not(second.getBuffer())));
    assertThat(second.getType(), is((byte) TensorType.INT8.code()));
    assertThat(Tensors.data(q, second), is(Tensors.data(q, first)));
    assertThat(second.getQuantization().getScale(), is(first.getQuantization().getScale()));
    float[] expected = Tensors.run(mixed.model(), 2, input).get(0);
    float[] actual = Tensors.run(result.model(), 2, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThanOrEqualTo(0.02f));
  }

  /** The shared-weight fixture with the MUL reading a second constant stored in W's buffer. */
  private static TfliteModel deduplicatedMulOperand(FloatModels.SharedWeight fixture) {
    SplittableRandom random = new SplittableRandom(74);
    TfliteModelBuilder b = new TfliteModelBuilder().description("deduplicated");
    int units = fixture.units();
    int inputs = fixture.inputs();
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, inputs);
    TensorRef m = b.input("m", TensorType.FLOAT32, units, inputs);
    TensorRef w = b.constant("shared/kernel", fixture.weights(), units, inputs);
    TensorRef operand = b.constant("operand", fixture.weights(), units, inputs);
    TensorRef bias = b.constant("bias", FloatModels.gaussian(random, units, 0.1), units);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, units);
    TensorRef product = b.tensor("product", TensorType.FLOAT32, units, inputs);
    b.fullyConnected(x, w, bias, y, Activation.NONE)
        .operator(
            BuiltinOperator.MUL,
            1,
            union(BuiltinOptions.MulOptions, new MulOptionsT()),
            List.of(m, operand),
            List.of(product))
        .output(y, product);
    ModelT schema = b.build("deduplicated").schema();
    TensorT kernel = Tensors.tensor(schema, "shared/kernel");
    Tensors.tensor(schema, "operand").setBuffer(kernel.getBuffer());
    return TfliteModel.fromBytes("deduplicated", SchemaRoundTrip.serialize(schema));
  }

  private static BuiltinOptionsUnion union(byte type, Object value) {
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(type);
    union.setValue(value);
    return union;
  }
}
