package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.SessionOptions;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;

/** {@code keep-float} in dynamic-range and float16 quantization. */
class KeepFloatTest {

  private static Optional<WeightFilter> keep(String regex) {
    return Optional.of(WeightFilter.of("keep-float", regex));
  }

  private static DynamicRangeQuantizer dynamic(String regex) {
    return new DynamicRangeQuantizer(QuantizationOptions.defaults().withKeepFloat(keep(regex)));
  }

  @Test
  void dynamic_byTensorName_leavesThatWeightFloatAndItsOperatorAsItWas() {
    FloatModels.Mixed mixed = FloatModels.mixed(71, false);

    QuantizedModel result = dynamic("^dense/kernel$").quantize(mixed.model());

    ModelT q = result.model().schema();
    assertThat(type(q, "dense/kernel"), is(TensorType.FLOAT32));
    assertThat(Tensors.floats(q, "dense/kernel"), is(mixed.dense()));
    assertThat(type(q, "conv/filter"), is(TensorType.INT8));
    assertThat(type(q, "depthwise/filter"), is(TensorType.INT8));
    assertThat(
        Tensors.operators(q),
        contains(
            "CONV_2D v5",
            "DEPTHWISE_CONV_2D v6",
            "MAX_POOL_2D v1",
            "RESHAPE v1",
            "FULLY_CONNECTED v1",
            "SOFTMAX v1"));
    assertThat(
        result.report().skipped(SkipReason.KEPT_FLOAT).stream().map(SkippedTensor::name).toList(),
        contains("dense/kernel"));
    int batch = 2;
    float[] input = FloatModels.uniform(new SplittableRandom(1), batch * mixed.inputSize());
    float[] expected = Tensors.run(mixed.model(), batch, input).get(0);
    float[] actual = Tensors.run(result.model(), batch, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(0.05f));
  }

  @Test
  void dynamic_byOperatorName_keepsEveryWeightOfThatOperator() {
    FloatModels.Mixed mixed = FloatModels.mixed(72);

    QuantizedModel result = dynamic("^DEPTHWISE_CONV_2D$").quantize(mixed.model());

    ModelT q = result.model().schema();
    assertThat(type(q, "depthwise/filter"), is(TensorType.FLOAT32));
    assertThat(type(q, "conv/filter"), is(TensorType.INT8));
    assertThat(type(q, "dense/kernel"), is(TensorType.INT8));
    // The dense layer has an all-zero unit; TF 2.21's rule gives it scale 0, which XNNPACK
    // rejects: run it with the reference kernels.
    int batch = 1;
    float[] input = FloatModels.uniform(new SplittableRandom(2), batch * mixed.inputSize());
    SessionOptions reference = SessionOptions.defaults().withXnnpack(false);
    assertThat(Tensors.run(result.model(), reference, batch, input).get(0).length, is(10));
  }

  @Test
  void dynamic_byLayerName_keepsTheWeightsOfTheOperatorWritingIt() {
    FloatModels.Mixed mixed = FloatModels.mixed(73);

    QuantizedModel result = dynamic("^conv$").quantize(mixed.model());

    assertThat(type(result.model().schema(), "conv/filter"), is(TensorType.FLOAT32));
    assertThat(type(result.model().schema(), "depthwise/filter"), is(TensorType.INT8));
  }

  @Test
  void dynamic_patternMatchingOnlyWeightsItWouldNotChange_throws() {
    FloatModels.Mixed mixed = FloatModels.mixed(74);

    UnmatchedFilterException e =
        assertThrows(
            UnmatchedFilterException.class, () -> dynamic("bias$").quantize(mixed.model()));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(
                "mixed: the keep-float pattern 'bias$' matches no weight that dynamic-range"
                    + " quantization changes"),
            containsString("'conv/filter', 'depthwise/filter', 'dense/kernel'")));
  }

  @Test
  void dynamic_quantizedModel_isRefusedAsQuantizedFirst() {
    TfliteModel int8 = FloatModels.alreadyQuantized(3);

    assertThrows(NotQuantizableException.class, () -> dynamic("conv").quantize(int8));
  }

  @Test
  void float16_keptConstantsStayFloatAndAreReadDirectly() {
    FloatModels.Mixed mixed = FloatModels.mixed(75);

    Float16Model result = new Float16Quantizer(keep("^conv/")).quantize(mixed.model());

    ModelT q = result.model().schema();
    assertThat(type(q, "conv/filter"), is(TensorType.FLOAT32));
    assertThat(type(q, "conv/bias"), is(TensorType.FLOAT32));
    assertThat(type(q, "depthwise/filter"), is(TensorType.FLOAT16));
    assertThat(type(q, "dense/kernel"), is(TensorType.FLOAT16));
    List<String> ops = Tensors.operators(q);
    assertThat(ops.stream().filter(op -> op.equals("DEQUANTIZE v3")).count(), is(4L));
    // The convolution reads its float filter itself; no DEQUANTIZE reads it.
    int conv = Tensors.index(q, "conv/filter");
    OperatorT[] operators = q.getSubgraphs()[0].getOperators();
    for (int o = 0; o < operators.length; o++) {
      boolean readsConv = Arrays.stream(operators[o].getInputs()).anyMatch(i -> i == conv);
      assertThat(ops.get(o), readsConv, is(ops.get(o).startsWith("CONV_2D")));
    }
    assertThat(
        result.report().skipped(SkipReason.KEPT_FLOAT).stream().map(SkippedTensor::name).toList(),
        contains("conv/filter", "conv/bias"));
    int batch = 2;
    float[] input = FloatModels.uniform(new SplittableRandom(4), batch * mixed.inputSize());
    float[] expected = Tensors.run(mixed.model(), batch, input).get(0);
    float[] actual = Tensors.run(result.model(), batch, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(1e-3f));
  }

  @Test
  void float16_patternMatchingNothing_throwsListingTheConstants() {
    UnmatchedFilterException e =
        assertThrows(
            UnmatchedFilterException.class,
            () -> new Float16Quantizer(keep("lstm")).quantize(FloatModels.seed(2).model()));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(
                "baseline: the keep-float pattern 'lstm' matches no weight that float16"),
            containsString("'conv2d/kernel'")));
  }

  private static TensorType type(ModelT model, String name) {
    return TensorType.fromCode(Tensors.tensor(model, name).getType()).orElseThrow();
  }
}
