package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.ConversionMetadata;
import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Full-integer quantization against the rules, on models and calibration sets whose ranges are
 * known: dyadic weights and inputs, so that every activation is computed exactly in the test.
 */
class FullIntegerQuantizerTest {

  // x → FC1 (relu) → FC2 → SOFTMAX, every value a short binary fraction.
  private static final double[][] W1 = {{1, 0.5, 0, -1}, {-0.5, 1, 1, 0.5}, {0.25, -1, 0.5, 1}};
  private static final double[] B1 = {0.5, -0.25, 0};
  private static final double[][] W2 = {{1, -1, 0.5}, {-0.5, 0.75, 1}};
  private static final double[] B2 = {0.125, -0.5};
  private static final double[][] SAMPLES = {
    {-2, 1, 0.5, 3}, {1, -1, 2, 0}, {0, 0, 0, 0}, {2.5, 0.25, -1.5, 1}
  };

  private static TfliteModel dyadic() {
    TfliteModelBuilder b = new TfliteModelBuilder().description("dyadic");
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef w1 = b.constant("fc1/kernel", flat(W1), 3, 4);
    TensorRef b1 = b.constant("fc1/bias", floats(B1), 3);
    TensorRef h = b.tensor("fc1", TensorType.FLOAT32, -1, 3);
    TensorRef w2 = b.constant("fc2/kernel", flat(W2), 2, 3);
    TensorRef b2 = b.constant("fc2/bias", floats(B2), 2);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, 2);
    TensorRef p = b.tensor("probabilities", TensorType.FLOAT32, -1, 2);
    b.fullyConnected(x, w1, b1, h, Activation.RELU)
        .fullyConnected(h, w2, b2, logits, Activation.NONE)
        .softmax(logits, p, 1f)
        .output(p);
    return b.build("dyadic");
  }

  private static Dataset samples(double[][] rows, int... shape) {
    float[] features = new float[rows.length * rows[0].length];
    for (int s = 0; s < rows.length; s++) {
      for (int i = 0; i < rows[s].length; i++) {
        features[s * rows[s].length + i] = (float) rows[s][i];
      }
    }
    return Dataset.of("calibration.npz", shape, features, new int[rows.length], List.of());
  }

  @Test
  void dyadicModel_activationsFollowTheCalibratedRangeRule() {
    FullIntegerModel result =
        FullIntegerQuantizer.withDefaults().quantize(dyadic(), samples(SAMPLES, 4));

    double[] x = range(SAMPLES);
    double[][] hidden = new double[SAMPLES.length][];
    double[][] logits = new double[SAMPLES.length][];
    for (int s = 0; s < SAMPLES.length; s++) {
      hidden[s] = relu(affine(W1, B1, SAMPLES[s]));
      logits[s] = affine(W2, B2, hidden[s]);
    }
    assertParams(result, "x_int8", x, "calibrated");
    assertParams(result, "fc1", range(hidden), "calibrated");
    assertParams(result, "logits", range(logits), "calibrated");
    // x covers [-2, 3]: scale 5/255, zero point -128 + 2 / (5/255) = -26.
    assertThat(result.report().activation("x_int8").orElseThrow().zeroPoint(), is(-26));
    ActivationQuantization softmax = result.report().activation("probabilities_int8").orElseThrow();
    assertThat(softmax.scale(), is(1f / 256));
    assertThat(softmax.zeroPoint(), is(-128));
  }

  @Test
  void dyadicModel_weightsPerChannelAndBiasesAtInputTimesWeightScale() {
    FullIntegerModel result =
        FullIntegerQuantizer.withDefaults().quantize(dyadic(), samples(SAMPLES, 4));

    ModelT q = result.model().schema();
    assertWeights(q, "fc1/kernel", W1);
    assertWeights(q, "fc2/kernel", W2);
    float inputScale = result.report().activation("x_int8").orElseThrow().scale();
    float hiddenScale = result.report().activation("fc1").orElseThrow().scale();
    assertBias(q, "fc1/bias", B1, inputScale, W1);
    assertBias(q, "fc2/bias", B2, hiddenScale, W2);
  }

  @Test
  void dyadicModel_floatInputsAndOutputsAtTheEdges_andRunsCloseToFloat() {
    TfliteModel baseline = dyadic();

    FullIntegerModel result =
        FullIntegerQuantizer.withDefaults().quantize(baseline, samples(SAMPLES, 4));

    ModelT q = result.model().schema();
    assertThat(
        Tensors.operators(q),
        contains(
            "QUANTIZE v2",
            "FULLY_CONNECTED v12",
            "FULLY_CONNECTED v12",
            "SOFTMAX v2",
            "DEQUANTIZE v2"));
    TensorT[] tensors = q.getSubgraphs()[0].getTensors();
    TensorT input = tensors[q.getSubgraphs()[0].getInputs()[0]];
    TensorT output = tensors[q.getSubgraphs()[0].getOutputs()[0]];
    assertThat(input.getName(), is("x"));
    assertThat(input.getType(), is((byte) TensorType.FLOAT32.code()));
    assertThat(output.getName(), is("probabilities"));
    assertThat(output.getType(), is((byte) TensorType.FLOAT32.code()));
    assertThat(
        q.getSignatureDefs()[0].getOutputs()[0].getTensorIndex(),
        is((long) q.getSubgraphs()[0].getOutputs()[0]));
    assertThat(
        ConversionMetadata.of(result.model()).orElseThrow().options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_FULL_INTEGER));
    float[] features = new float[SAMPLES.length * 4];
    for (int s = 0; s < SAMPLES.length; s++) {
      for (int i = 0; i < 4; i++) {
        features[s * 4 + i] = (float) SAMPLES[s][i];
      }
    }
    float[] expected = Tensors.run(baseline, SAMPLES.length, features).get(0);
    float[] actual = Tensors.run(result.model(), SAMPLES.length, features).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(0.02f));
  }

  @Test
  void int8Io_inputAndOutputAreInt8WithTheirParameters() {
    FullIntegerModel result =
        new FullIntegerQuantizer(IoType.INT8, Optional.empty())
            .quantize(dyadic(), samples(SAMPLES, 4));

    ModelT q = result.model().schema();
    assertThat(
        Tensors.operators(q), contains("FULLY_CONNECTED v12", "FULLY_CONNECTED v12", "SOFTMAX v2"));
    TensorT input = q.getSubgraphs()[0].getTensors()[q.getSubgraphs()[0].getInputs()[0]];
    TensorT output = q.getSubgraphs()[0].getTensors()[q.getSubgraphs()[0].getOutputs()[0]];
    assertThat(input.getType(), is((byte) TensorType.INT8.code()));
    assertThat(input.getQuantization().getZeroPoint()[0], is(-26L));
    assertThat(output.getType(), is((byte) TensorType.INT8.code()));
    assertThat(output.getQuantization().getScale()[0], is(1f / 256));
    assertThat(output.getQuantization().getZeroPoint()[0], is(-128L));
    assertThat(Tensors.run(result.model(), 1, new float[] {1, 0, 0, 1}).get(0).length, is(2));
  }

  @Test
  void uint8Io_zeroPointsRaisedBy128AndRequantizedInside() {
    FullIntegerModel result =
        new FullIntegerQuantizer(IoType.UINT8, Optional.empty())
            .quantize(dyadic(), samples(SAMPLES, 4));

    ModelT q = result.model().schema();
    assertThat(
        Tensors.operators(q),
        contains(
            "QUANTIZE v2",
            "FULLY_CONNECTED v12",
            "FULLY_CONNECTED v12",
            "SOFTMAX v2",
            "QUANTIZE v2"));
    TensorT input = q.getSubgraphs()[0].getTensors()[q.getSubgraphs()[0].getInputs()[0]];
    TensorT output = q.getSubgraphs()[0].getTensors()[q.getSubgraphs()[0].getOutputs()[0]];
    assertThat(input.getType(), is((byte) TensorType.UINT8.code()));
    assertThat(input.getQuantization().getZeroPoint()[0], is(-26L + 128));
    assertThat(output.getType(), is((byte) TensorType.UINT8.code()));
    assertThat(output.getQuantization().getZeroPoint()[0], is(0L));
    float[] expected = Tensors.run(dyadic(), 1, new float[] {1, 0.5f, 0, 1}).get(0);
    float[] actual = Tensors.run(result.model(), 1, new float[] {1, 0.5f, 0, 1}).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(0.03f));
  }

  @Test
  void seedModel_preludeStaysInteger_poolingAndReshapeShareTheirInputsParameters() {
    FloatModels.Seed seed = FloatModels.seed(21);
    int count = 24;
    float[] images = FloatModels.uniform(new SplittableRandom(22), count * 28 * 28);
    images[0] = 0f;
    images[1] = 1f; // the calibration range of the input is exactly [0, 1]
    Dataset calibration =
        Dataset.of("images.npz", new int[] {28, 28}, images, new int[count], List.of());

    FullIntegerModel result =
        FullIntegerQuantizer.withDefaults().quantize(seed.model(), calibration);

    ModelT q = result.model().schema();
    assertThat(
        Tensors.operators(q),
        contains(
            "QUANTIZE v2",
            "SHAPE v1",
            "STRIDED_SLICE v1",
            "PACK v1",
            "RESHAPE v1",
            "CONV_2D v3",
            "MAX_POOL_2D v2",
            "CONV_2D v3",
            "MAX_POOL_2D v2",
            "RESHAPE v1",
            "FULLY_CONNECTED v12",
            "LOGISTIC v2",
            "DEQUANTIZE v2"));
    FullIntegerReport report = result.report();
    ActivationQuantization input = report.activation("input_int8").orElseThrow();
    assertThat((double) input.scale(), closeTo(1.0 / 255, 1e-9));
    assertThat(input.zeroPoint(), is(-128));
    assertSame(report, "reshape", "input_int8");
    assertSame(report, "max_pooling2d", "conv2d/relu");
    assertSame(report, "max_pooling2d_1", "conv2d_1/relu");
    assertSame(report, "flatten", "max_pooling2d_1");
    assertThat(report.activation("conv2d/relu").orElseThrow().rule(), is("calibrated"));
    assertThat(report.activation("dense_int8").orElseThrow().rule(), is("fixed for LOGISTIC"));
    assertThat(Tensors.tensor(q, "strided_slice").getType(), is((byte) TensorType.INT32.code()));
    assertThat(Tensors.tensor(q, "shape").getType(), is((byte) TensorType.INT32.code()));
    float[] batch = java.util.Arrays.copyOf(images, 8 * 28 * 28);
    float[] expected = Tensors.run(seed.model(), 8, batch).get(0);
    float[] actual = Tensors.run(result.model(), 8, batch).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(0.05f));
  }

  @Test
  void mixedModel_depthwiseAndAllZeroChannels_runCloseToFloat() {
    FloatModels.Mixed mixed = FloatModels.mixed(41);
    int count = 12;
    float[] features = FloatModels.uniform(new SplittableRandom(42), count * mixed.inputSize());
    Dataset calibration =
        Dataset.of("mixed.npz", new int[] {10, 10, 8}, features, new int[count], List.of());

    FullIntegerModel result =
        FullIntegerQuantizer.withDefaults().quantize(mixed.model(), calibration);

    ModelT q = result.model().schema();
    QuantizationParametersT depthwise = Tensors.tensor(q, "depthwise/filter").getQuantization();
    assertThat(depthwise.getQuantizedDimension(), is(3));
    assertThat(depthwise.getScale().length, is(128));
    // The all-zero convolution filter gets scale 1, so its bias scale is not 0.
    assertThat(
        Tensors.tensor(q, "conv/filter")
            .getQuantization()
            .getScale()[FloatModels.Mixed.ZERO_FILTER],
        is(1f));
    assertThat(
        Tensors.operators(q),
        contains(
            "QUANTIZE v2",
            "CONV_2D v3",
            "DEPTHWISE_CONV_2D v3",
            "MAX_POOL_2D v2",
            "RESHAPE v1",
            "FULLY_CONNECTED v12",
            "SOFTMAX v2",
            "DEQUANTIZE v2"));
    float[] batch = java.util.Arrays.copyOf(features, 4 * mixed.inputSize());
    float[] expected = Tensors.run(mixed.model(), 4, batch).get(0);
    float[] actual = Tensors.run(result.model(), 4, batch).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(0.05f));
  }

  @Test
  void operatorWithoutInt8Kernel_staysFloatBetweenDequantizeAndQuantize() {
    TfliteModelBuilder b = new TfliteModelBuilder().description("square");
    SplittableRandom random = new SplittableRandom(31);
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 8);
    TensorRef w = b.constant("fc/kernel", FloatModels.gaussian(random, 32, 0.4), 4, 8);
    TensorRef bias = b.constant("fc/bias", FloatModels.gaussian(random, 4, 0.1), 4);
    TensorRef h = b.tensor("fc", TensorType.FLOAT32, -1, 4);
    TensorRef sq = b.tensor("square", TensorType.FLOAT32, -1, 4);
    TensorRef w2 = b.constant("out/kernel", FloatModels.gaussian(random, 4, 0.5), 1, 4);
    TensorRef b2 = b.constant("out/bias", new float[] {0.1f}, 1);
    TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 1);
    BuiltinOptionsUnion mul = new BuiltinOptionsUnion();
    mul.setType(BuiltinOptions.MulOptions);
    mul.setValue(new MulOptionsT());
    b.fullyConnected(x, w, bias, h, Activation.RELU)
        .operator(BuiltinOperator.MUL, 1, mul, List.of(h, h), List.of(sq))
        .fullyConnected(sq, w2, b2, logit, Activation.NONE)
        .logistic(logit, p)
        .output(p);
    TfliteModel model = b.build("square");
    float[] features = FloatModels.uniform(new SplittableRandom(32), 16 * 8);
    Dataset calibration = Dataset.of("square.npz", new int[] {8}, features, new int[16], List.of());

    FullIntegerModel result = FullIntegerQuantizer.withDefaults().quantize(model, calibration);

    assertThat(
        Tensors.operators(result.model().schema()),
        contains(
            "QUANTIZE v2",
            "FULLY_CONNECTED v12",
            "DEQUANTIZE v2",
            "MUL v1",
            "QUANTIZE v2",
            "FULLY_CONNECTED v12",
            "LOGISTIC v2",
            "DEQUANTIZE v2"));
    assertThat(
        result.report().floatOperators(),
        contains("MUL → 'square': no int8 kernel in this quantizer"));
    assertThat(result.report().summary(), containsString("left float: MUL"));
    float[] expected = Tensors.run(model, 16, features).get(0);
    float[] actual = Tensors.run(result.model(), 16, features).get(0);
    assertThat(Tensors.maxAbsDifference(expected, actual), lessThan(0.03f));
  }

  @Test
  void keepFloat_keepsThePickedOperatorFloat() {
    FullIntegerModel result =
        new FullIntegerQuantizer(
                IoType.FLOAT32, Optional.of(WeightFilter.of("keep-float", "^fc2/")))
            .quantize(dyadic(), samples(SAMPLES, 4));

    assertThat(
        Tensors.operators(result.model().schema()),
        contains(
            "QUANTIZE v2",
            "FULLY_CONNECTED v12",
            "DEQUANTIZE v2",
            "FULLY_CONNECTED v1",
            "QUANTIZE v2",
            "SOFTMAX v2",
            "DEQUANTIZE v2"));
    assertThat(
        Tensors.tensor(result.model().schema(), "fc2/kernel").getType(),
        is((byte) TensorType.FLOAT32.code()));
    assertThat(
        result.report().floatOperators(),
        contains("FULLY_CONNECTED → 'logits': kept float by the keep-float pattern"));
  }

  @Test
  void keepFloatMatchingNothing_throws() {
    UnmatchedFilterException e =
        assertThrows(
            UnmatchedFilterException.class,
            () ->
                new FullIntegerQuantizer(
                        IoType.FLOAT32, Optional.of(WeightFilter.of("keep-float", "conv")))
                    .quantize(dyadic(), samples(SAMPLES, 4)));

    assertThat(e.getMessage(), containsString("dyadic: the keep-float pattern 'conv' matches no"));
  }

  @Test
  void calibrationDataThatDoesNotFit_throwsNamingTheData() {
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () ->
                FullIntegerQuantizer.withDefaults()
                    .quantize(dyadic(), samples(new double[][] {{1, 2, 3}}, 3)));

    assertThat(
        e.getMessage(),
        allOf(
            containsString("calibration.npz: calibration data with samples of shape [3]"),
            containsString("does not fit the input 'x' of dyadic")));
  }

  @Test
  void quantizedModel_isRefused() {
    TfliteModel half = Float16Quantizer.withDefaults().quantize(dyadic()).model();

    NotQuantizableException e =
        assertThrows(
            NotQuantizableException.class,
            () -> FullIntegerQuantizer.withDefaults().quantize(half, samples(SAMPLES, 4)));

    assertThat(
        e.getMessage(), containsString("expected a float model for full-integer quantization"));
  }

  // ---- the rules, written out independently of the quantizer ----

  private static void assertParams(
      FullIntegerModel result, String name, double[] range, String rule) {
    ActivationQuantization a = result.report().activation(name).orElseThrow();
    double min = Math.min(range[0], 0);
    double max = Math.max(range[1], 0);
    double scale = (max - min) / 255;
    long zeroPoint = Math.round(-128 - min / scale);
    assertThat(name, (double) a.scale(), closeTo(scale, scale * 1e-6));
    assertThat(name, (long) a.zeroPoint(), is(Math.max(-128, Math.min(127, zeroPoint))));
    assertThat(name, (double) a.min(), is(range[0]));
    assertThat(name, (double) a.max(), is(range[1]));
    assertThat(a.rule(), is(rule));
    TensorT tensor = Tensors.tensor(result.model().schema(), name);
    assertThat(tensor.getType(), is((byte) TensorType.INT8.code()));
    assertThat(tensor.getQuantization().getScale()[0], is(a.scale()));
  }

  private static void assertSame(FullIntegerReport report, String output, String input) {
    ActivationQuantization out = report.activation(output).orElseThrow();
    ActivationQuantization in = report.activation(input).orElseThrow();
    assertThat(output, out.scale(), is(in.scale()));
    assertThat(output, out.zeroPoint(), is(in.zeroPoint()));
    assertThat(out.rule(), containsString("shared with the input of"));
  }

  private static void assertWeights(ModelT q, String name, double[][] w) {
    TensorT tensor = Tensors.tensor(q, name);
    QuantizationParametersT params = tensor.getQuantization();
    assertThat(tensor.getType(), is((byte) TensorType.INT8.code()));
    assertThat(params.getQuantizedDimension(), is(0));
    byte[] data = Tensors.data(q, tensor);
    for (int row = 0; row < w.length; row++) {
      double maxAbs = 0;
      for (double v : w[row]) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      float scale = (float) (maxAbs / 127);
      assertThat(name + " scale " + row, params.getScale()[row], is(scale));
      for (int col = 0; col < w[row].length; col++) {
        long q8 = Math.round(w[row][col] / scale);
        assertThat(
            name + "[" + row + "][" + col + "]", (long) data[row * w[row].length + col], is(q8));
      }
    }
  }

  private static void assertBias(
      ModelT q, String name, double[] bias, float inputScale, double[][] w) {
    TensorT tensor = Tensors.tensor(q, name);
    assertThat(tensor.getType(), is((byte) TensorType.INT32.code()));
    int[] values = new int[bias.length];
    ByteBuffer.wrap(Tensors.data(q, tensor))
        .order(ByteOrder.LITTLE_ENDIAN)
        .asIntBuffer()
        .get(values);
    for (int c = 0; c < bias.length; c++) {
      double maxAbs = 0;
      for (double v : w[c]) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      float expectedScale = inputScale * (float) (maxAbs / 127);
      assertThat(name + " scale " + c, tensor.getQuantization().getScale()[c], is(expectedScale));
      assertThat(name + "[" + c + "]", (long) values[c], is(Math.round(bias[c] / expectedScale)));
      assertThat(tensor.getQuantization().getZeroPoint()[c], is(0L));
    }
  }

  private static double[] affine(double[][] w, double[] b, double[] x) {
    double[] y = new double[w.length];
    for (int r = 0; r < w.length; r++) {
      y[r] = b[r];
      for (int c = 0; c < x.length; c++) {
        y[r] += w[r][c] * x[c];
      }
    }
    return y;
  }

  private static double[] relu(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.max(0, v[i]);
    }
    return r;
  }

  private static double[] range(double[][] rows) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : rows) {
      for (double v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return new double[] {min, max};
  }

  private static float[] flat(double[][] rows) {
    float[] values = new float[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        values[r * rows[r].length + c] = (float) rows[r][c];
      }
    }
    return values;
  }

  private static float[] floats(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }
}
