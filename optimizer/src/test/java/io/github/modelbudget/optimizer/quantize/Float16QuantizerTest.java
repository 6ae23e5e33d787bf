package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.ConversionMetadata;
import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.rewrite.MinRuntimeVersion;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.TensorT;

class Float16QuantizerTest {

  private static final List<String> SEED_FLOATS =
      List.of(
          "conv2d/kernel",
          "conv2d/bias",
          "conv2d_1/kernel",
          "conv2d_1/bias",
          "dense/kernel",
          "dense/bias");

  @Test
  void seedModel_storesEveryFloatConstantAsTheNearestHalf() {
    FloatModels.Seed seed = FloatModels.seed(3);

    Float16Model result = Float16Quantizer.withDefaults().quantize(seed.model());

    ModelT q = result.model().schema();
    ModelT original = seed.model().schema();
    for (String name : SEED_FLOATS) {
      TensorT tensor = Tensors.tensor(q, name);
      assertThat(name, tensor.getType(), is((byte) TensorType.FLOAT16.code()));
      float[] floats = Tensors.floats(original, name);
      short[] halves = halves(Tensors.data(q, tensor));
      assertThat(name, halves.length, is(floats.length));
      for (int i = 0; i < floats.length; i++) {
        assertNearestHalf(name + "[" + i + "]", floats[i], halves[i] & 0xffff);
      }
    }
    assertThat(Tensors.tensor(q, "flatten/shape").getType(), is((byte) TensorType.INT32.code()));
    assertThat(
        result.report().skipped(SkipReason.NOT_FLOAT32).stream().map(SkippedTensor::name).toList(),
        contains(
            "strided_slice/begin",
            "strided_slice/end",
            "strided_slice/strides",
            "reshape/shape/1",
            "reshape/shape/3",
            "flatten/shape"));
    assertThat(
        result.report().converted().stream().map(HalfTensor::name).toList(), is(SEED_FLOATS));
    assertThat(result.model().name(), is("baseline_float16"));
  }

  @Test
  void seedModel_dequantizesFirstAndLeavesTheOperatorsAsTheyWere() {
    FloatModels.Seed seed = FloatModels.seed(3);

    ModelT q = Float16Quantizer.withDefaults().quantize(seed.model()).model().schema();

    List<String> expected = new ArrayList<>();
    SEED_FLOATS.forEach(name -> expected.add("DEQUANTIZE v3"));
    expected.addAll(Tensors.operators(seed.model().schema()));
    assertThat(Tensors.operators(q), is(expected));
    OperatorT[] ops = q.getSubgraphs()[0].getOperators();
    for (int i = 0; i < SEED_FLOATS.size(); i++) {
      String name = SEED_FLOATS.get(i);
      assertThat(ops[i].getInputs()[0], is(Tensors.index(q, name)));
      int output = ops[i].getOutputs()[0];
      TensorT dequantized = q.getSubgraphs()[0].getTensors()[output];
      assertThat(dequantized.getName(), is(name + "_dequantize"));
      assertThat(dequantized.getType(), is((byte) TensorType.FLOAT32.code()));
      // The original reader now reads the dequantized copy, and nothing reads the half directly.
      int half = Tensors.index(q, name);
      for (int o = SEED_FLOATS.size(); o < ops.length; o++) {
        for (int input : ops[o].getInputs()) {
          assertThat(name, input == half, is(false));
        }
      }
      assertThat(
          Tensors.operatorReading(q, output, name.endsWith("bias") ? 2 : 1),
          is(ops[SEED_FLOATS.size() + readerOffset(name)]));
    }
  }

  @Test
  void seedModel_recordsFloat16AndTheRuntimeVersionOfDequantizeV3() {
    FloatModels.Seed seed = FloatModels.seed(3);

    Float16Model result = Float16Quantizer.withDefaults().quantize(seed.model());

    assertThat(
        ConversionMetadata.of(result.model()).orElseThrow().options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_FLOAT16));
    assertThat(MinRuntimeVersion.read(result.model().schema()).orElseThrow(), is("1.15.0"));
    assertThat(
        result.report().metadata().stream().map(Object::toString).toList(),
        contains(
            "min_runtime_version: 1.14.0 → 1.15.0", "CONVERSION_METADATA: (absent) → PTQ_FLOAT16"));
    assertThat(result.report().bytesAfter() * 2, is(result.report().bytesBefore()));
    // The new tensors, operators and metadata cost a little of what the halves save.
    long saved = seed.model().size() - result.model().size();
    long halved = result.report().bytesBefore() - result.report().bytesAfter();
    assertThat(saved > halved * 8 / 10, is(true));
  }

  @Test
  void seedModel_runsWithin1eMinus3OfTheFloatModel() {
    FloatModels.Seed seed = FloatModels.seed(3);
    int batch = 16;
    float[] images = FloatModels.uniform(new SplittableRandom(8), batch * 28 * 28);

    TfliteModel half = Float16Quantizer.withDefaults().quantize(seed.model()).model();

    float[] expected = Tensors.run(seed.model(), batch, images).get(0);
    float[] actual = Tensors.run(half, batch, images).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(1e-3f));
    assertThat(Tensors.maxAbsDifference(expected, actual) > 0f, is(true));
  }

  @Test
  void mixedModel_depthwiseAndSoftmax_runsWithin1eMinus3OfTheFloatModel() {
    FloatModels.Mixed mixed = FloatModels.mixed(5);
    int batch = 4;
    float[] input = FloatModels.uniform(new SplittableRandom(9), batch * mixed.inputSize());

    Float16Model half = Float16Quantizer.withDefaults().quantize(mixed.model());

    assertThat(
        half.report().converted().stream().map(HalfTensor::readers).toList(),
        contains(
            List.of("CONV_2D"),
            List.of("CONV_2D"),
            List.of("DEPTHWISE_CONV_2D"),
            List.of("DEPTHWISE_CONV_2D"),
            List.of("FULLY_CONNECTED"),
            List.of("FULLY_CONNECTED")));
    float[] expected = Tensors.run(mixed.model(), batch, input).get(0);
    float[] actual = Tensors.run(half.model(), batch, input).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(1e-3f));
  }

  @Test
  void sharedWeight_isConvertedOnceAndEveryReaderReadsOneDequantize() {
    FloatModels.SharedWeight shared = FloatModels.sharedWeight(4);

    ModelT q = Float16Quantizer.withDefaults().quantize(shared.model()).model().schema();

    assertThat(
        Tensors.operators(q).stream().filter(op -> op.startsWith("DEQUANTIZE")).count(), is(3L));
    int dequantized = Tensors.index(q, "shared/kernel_dequantize");
    long readers =
        Arrays.stream(q.getSubgraphs()[0].getOperators())
            .filter(op -> Arrays.stream(op.getInputs()).anyMatch(i -> i == dequantized))
            .count();
    assertThat(readers, is(3L));
  }

  @Test
  void weightlessModel_comesBackUnchanged() {
    TfliteModel square = FloatModels.weightless();

    Float16Model result = Float16Quantizer.withDefaults().quantize(square);

    assertThat(result.model(), sameInstance(square));
    assertThat(result.report().changed(), is(false));
    assertThat(result.report().summary(), containsString("unchanged"));
  }

  @Test
  void int8Weights_areRejectedNamingTheModelAndTensor() {
    TfliteModel int8 = FloatModels.alreadyQuantized(2);

    NotQuantizableException e =
        assertThrows(
            NotQuantizableException.class, () -> Float16Quantizer.withDefaults().quantize(int8));

    assertThat(
        e.getMessage(),
        containsString("int8_conv: expected a float model for float16 quantization"));
    assertThat(e.getMessage(), containsString("'conv/filter' is INT8"));
  }

  @Test
  void float16Model_givenAgain_isRejected() {
    TfliteModel once =
        Float16Quantizer.withDefaults().quantize(FloatModels.seed(3).model()).model();

    NotQuantizableException e =
        assertThrows(
            NotQuantizableException.class, () -> Float16Quantizer.withDefaults().quantize(once));

    assertThat(e.getMessage(), containsString("is FLOAT16"));
  }

  @Test
  void everyConvertedValue_isFinite() {
    Float16Model result = Float16Quantizer.withDefaults().quantize(FloatModels.mixed(5).model());

    List<Integer> exponents = new ArrayList<>();
    for (HalfTensor t : result.report().converted()) {
      for (short h :
          halves(
              Tensors.data(
                  result.model().schema(), Tensors.tensor(result.model().schema(), t.name())))) {
        exponents.add((h >> 10) & 0x1f);
      }
    }
    assertThat(exponents, everyItem(lessThan(0x1f)));
  }

  /** Which operator after the DEQUANTIZEs reads each seed constant. */
  private static int readerOffset(String name) {
    return switch (name) {
      case "conv2d/kernel", "conv2d/bias" -> 4;
      case "conv2d_1/kernel", "conv2d_1/bias" -> 6;
      default -> 9;
    };
  }

  /** The rule: no half is closer to the float than the stored one; on a tie, it is even. */
  private static void assertNearestHalf(String what, float value, int bits) {
    double stored = HalfPrecisionTest.decode(bits);
    int magnitude = bits & 0x7fff;
    double error = Math.abs(stored - value);
    for (int neighbour : new int[] {magnitude - 1, magnitude + 1}) {
      if (neighbour < 0 || neighbour >= 0x7c00) {
        continue;
      }
      double other = Math.abs(HalfPrecisionTest.decode(neighbour | (bits & 0x8000)) - value);
      assertThat(what + " " + value + " stored as " + stored, error <= other, is(true));
      if (error == other) {
        assertThat(what + " tie", magnitude % 2, is(0));
      }
    }
  }

  private static short[] halves(byte[] bytes) {
    short[] values = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(values);
    return values;
  }
}
