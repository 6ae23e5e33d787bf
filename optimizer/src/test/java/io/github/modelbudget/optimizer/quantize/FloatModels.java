package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.DimensionMetadataT;
import org.tensorflow.lite.schema.DimensionType;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.PackOptionsT;
import org.tensorflow.lite.schema.ShapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SparsityParametersT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;

/**
 * Float models built in-process from fixed seeds, for the quantizer's and the pruner's tests. Each
 * record carries the weights, so tests compute the expected results independently.
 */
public final class FloatModels {

  /** The {@code min_runtime_version} of {@link #seed}: LOGISTIC v1 needs 1.14.0. */
  public static final String SEED_MIN_RUNTIME_VERSION = "1.14.0";

  private FloatModels() {}

  /**
   * The seed experiment's network as the Keras converter writes it: a dynamic batch through SHAPE →
   * STRIDED_SLICE → PACK → RESHAPE, {@code min_runtime_version} metadata and a serving signature.
   */
  public record Seed(
      TfliteModel model, float[] conv1, float[] conv2, float[] dense, float[] conv2Bias) {}

  /**
   * Every hybrid kernel at once: {@code [N, 10, 10, 8]} → CONV_2D 16×3×3×8 relu → DEPTHWISE_CONV_2D
   * 3×3 ×8 (128 channels) relu → MAX_POOL_2D 2×2 → RESHAPE → FULLY_CONNECTED 10×1152 → SOFTMAX.
   * Convolution channel 2 and (unless asked otherwise) dense unit 3 are all zeros; convolution
   * channel 5 is a hundred times smaller than the others.
   */
  public record Mixed(
      TfliteModel model, float[] conv, float[] depthwise, float[] dense, float[] denseBias) {
    public static final int SIDE = 10;
    public static final int CHANNELS = 8;
    public static final int FILTERS = 16;
    public static final int DEPTH_MULTIPLIER = 8;
    public static final int UNITS = 10;
    public static final int ZERO_FILTER = 2;
    public static final int SMALL_FILTER = 5;
    public static final int ZERO_UNIT = 3;

    public int inputSize() {
      return SIDE * SIDE * CHANNELS;
    }
  }

  /**
   * One weight read three ways: {@code y1 = FC(x, W, b1)}, {@code y2 = FC(x, W, b2)} (the weight
   * shared by two hybrid ops) and {@code y3 = m ⊙ W} (MUL, which has no hybrid kernel).
   */
  public record SharedWeight(TfliteModel model, float[] weights, int units, int inputs) {}

  public static Seed seed(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TfliteModelBuilder b = new TfliteModelBuilder().description("MLIR Converted.");
    // The converter writes the version into 16 zero-padded bytes, so that it can be raised in
    // place.
    b.metadata(
        "min_runtime_version",
        Arrays.copyOf(TfliteModelBuilder.minRuntimeVersion(SEED_MIN_RUNTIME_VERSION), 16));
    TensorRef input = b.input("input", TensorType.FLOAT32, -1, 28, 28);
    TensorRef inputShape = b.tensor("shape", TensorType.INT32, 3);
    TensorRef begin = b.constantInt32("strided_slice/begin", new int[] {0}, 1);
    TensorRef end = b.constantInt32("strided_slice/end", new int[] {1}, 1);
    TensorRef strides = b.constantInt32("strided_slice/strides", new int[] {1}, 1);
    TensorRef batch = b.tensor("strided_slice", TensorType.INT32);
    TensorRef side = b.constantInt32("reshape/shape/1", new int[] {28});
    TensorRef one = b.constantInt32("reshape/shape/3", new int[] {1});
    TensorRef packed = b.tensor("reshape/shape", TensorType.INT32, 4);
    TensorRef image = b.tensor("reshape", TensorType.FLOAT32, -1, 28, 28, 1);
    float[] conv1 = gaussian(random, 12 * 9, Math.sqrt(2.0 / 9));
    TensorRef k1 = b.constant("conv2d/kernel", conv1, 12, 3, 3, 1);
    TensorRef b1 = b.constant("conv2d/bias", gaussian(random, 12, 0.05), 12);
    TensorRef c1 = b.tensor("conv2d/relu", TensorType.FLOAT32, -1, 26, 26, 12);
    TensorRef p1 = b.tensor("max_pooling2d", TensorType.FLOAT32, -1, 13, 13, 12);
    float[] conv2 = gaussian(random, 24 * 9 * 12, Math.sqrt(2.0 / 108));
    float[] conv2Bias = gaussian(random, 24, 0.05);
    TensorRef k2 = b.constant("conv2d_1/kernel", conv2, 24, 3, 3, 12);
    TensorRef b2 = b.constant("conv2d_1/bias", conv2Bias, 24);
    TensorRef c2 = b.tensor("conv2d_1/relu", TensorType.FLOAT32, -1, 11, 11, 24);
    TensorRef p2 = b.tensor("max_pooling2d_1", TensorType.FLOAT32, -1, 5, 5, 24);
    TensorRef flatShape = b.constantInt32("flatten/shape", new int[] {-1, 600}, 2);
    TensorRef flat = b.tensor("flatten", TensorType.FLOAT32, -1, 600);
    float[] dense = gaussian(random, 600, Math.sqrt(1.0 / 600));
    TensorRef k3 = b.constant("dense/kernel", dense, 1, 600);
    TensorRef b3 = b.constant("dense/bias", new float[] {0.05f}, 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef probability = b.tensor("dense", TensorType.FLOAT32, -1, 1);

    ShapeOptionsT shapeOptions = new ShapeOptionsT();
    shapeOptions.setOutType((byte) TensorType.INT32.code());
    StridedSliceOptionsT sliceOptions = new StridedSliceOptionsT();
    sliceOptions.setShrinkAxisMask(1);
    PackOptionsT packOptions = new PackOptionsT();
    packOptions.setValuesCount(4);
    packOptions.setAxis(0);
    b.operator(
            BuiltinOperator.SHAPE,
            1,
            union(BuiltinOptions.ShapeOptions, shapeOptions),
            List.of(input),
            List.of(inputShape))
        .operator(
            BuiltinOperator.STRIDED_SLICE,
            1,
            union(BuiltinOptions.StridedSliceOptions, sliceOptions),
            List.of(inputShape, begin, end, strides),
            List.of(batch))
        .operator(
            BuiltinOperator.PACK,
            1,
            union(BuiltinOptions.PackOptions, packOptions),
            List.of(batch, side, side, one),
            List.of(packed))
        .reshape(input, packed, image)
        .conv2d(image, k1, b1, c1, Padding.VALID, 1, Activation.RELU)
        .maxPool2d(c1, p1, Padding.VALID, 2, 2)
        .conv2d(p1, k2, b2, c2, Padding.VALID, 1, Activation.RELU)
        .maxPool2d(c2, p2, Padding.VALID, 2, 2)
        .reshape(p2, flatShape, flat)
        .fullyConnected(flat, k3, b3, logit, Activation.NONE)
        .logistic(logit, probability)
        .output(probability);
    return new Seed(b.build("baseline"), conv1, conv2, dense, conv2Bias);
  }

  public static Mixed mixed(long seed) {
    return mixed(seed, true);
  }

  /** The mixed model, with or without the all-zero dense unit. */
  public static Mixed mixed(long seed, boolean zeroDenseUnit) {
    SplittableRandom random = new SplittableRandom(seed);
    int side = Mixed.SIDE;
    int filters = Mixed.FILTERS;
    int depthChannels = filters * Mixed.DEPTH_MULTIPLIER;
    float[] conv = gaussian(random, filters * 9 * Mixed.CHANNELS, 0.2);
    int perFilter = 9 * Mixed.CHANNELS;
    for (int i = 0; i < perFilter; i++) {
      conv[Mixed.ZERO_FILTER * perFilter + i] = 0f;
      conv[Mixed.SMALL_FILTER * perFilter + i] *= 0.01f;
    }
    float[] depthwise = gaussian(random, 9 * depthChannels, 0.3);
    int flat = 3 * 3 * depthChannels;
    float[] dense = gaussian(random, Mixed.UNITS * flat, 0.05);
    for (int i = 0; zeroDenseUnit && i < flat; i++) {
      dense[Mixed.ZERO_UNIT * flat + i] = 0f;
    }
    float[] denseBias = gaussian(random, Mixed.UNITS, 0.1);

    TfliteModelBuilder b = new TfliteModelBuilder().description("mixed hybrid kernels");
    TensorRef x = b.input("image", TensorType.FLOAT32, -1, side, side, Mixed.CHANNELS);
    TensorRef f = b.constant("conv/filter", conv, filters, 3, 3, Mixed.CHANNELS);
    TensorRef fb = b.constant("conv/bias", gaussian(random, filters, 0.05), filters);
    TensorRef c = b.tensor("conv", TensorType.FLOAT32, -1, side - 2, side - 2, filters);
    TensorRef d = b.constant("depthwise/filter", depthwise, 1, 3, 3, depthChannels);
    TensorRef db =
        b.constant("depthwise/bias", gaussian(random, depthChannels, 0.05), depthChannels);
    TensorRef dc = b.tensor("depthwise", TensorType.FLOAT32, -1, side - 4, side - 4, depthChannels);
    TensorRef pool = b.tensor("pool", TensorType.FLOAT32, -1, 3, 3, depthChannels);
    TensorRef shape = b.constantInt32("flatten/shape", new int[] {-1, flat}, 2);
    TensorRef flatT = b.tensor("flatten", TensorType.FLOAT32, -1, flat);
    TensorRef w = b.constant("dense/kernel", dense, Mixed.UNITS, flat);
    TensorRef wb = b.constant("dense/bias", denseBias, Mixed.UNITS);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, Mixed.UNITS);
    TensorRef p = b.tensor("probabilities", TensorType.FLOAT32, -1, Mixed.UNITS);
    DepthwiseConv2DOptionsT depthOptions = new DepthwiseConv2DOptionsT();
    depthOptions.setPadding(org.tensorflow.lite.schema.Padding.VALID);
    depthOptions.setStrideW(1);
    depthOptions.setStrideH(1);
    depthOptions.setDepthMultiplier(Mixed.DEPTH_MULTIPLIER);
    depthOptions.setDilationWFactor(1);
    depthOptions.setDilationHFactor(1);
    depthOptions.setFusedActivationFunction(ActivationFunctionType.RELU);
    SoftmaxOptionsT softmax = new SoftmaxOptionsT();
    softmax.setBeta(1f);
    b.conv2d(x, f, fb, c, Padding.VALID, 1, Activation.RELU)
        .operator(
            BuiltinOperator.DEPTHWISE_CONV_2D,
            1,
            union(BuiltinOptions.DepthwiseConv2DOptions, depthOptions),
            List.of(c, d, db),
            List.of(dc))
        .maxPool2d(dc, pool, Padding.VALID, 2, 2)
        .reshape(pool, shape, flatT)
        .fullyConnected(flatT, w, wb, logits, Activation.NONE)
        .softmax(logits, p, 1f)
        .output(p);
    return new Mixed(b.build("mixed"), conv, depthwise, dense, denseBias);
  }

  public static SharedWeight sharedWeight(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int units = 16;
    int inputs = 64;
    float[] weights = gaussian(random, units * inputs, 0.3);
    TfliteModelBuilder b = new TfliteModelBuilder().description("shared weight");
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, inputs);
    TensorRef m = b.input("m", TensorType.FLOAT32, units, inputs);
    TensorRef w = b.constant("shared/kernel", weights, units, inputs);
    TensorRef b1 = b.constant("first/bias", gaussian(random, units, 0.1), units);
    TensorRef b2 = b.constant("second/bias", gaussian(random, units, 0.1), units);
    TensorRef y1 = b.tensor("first", TensorType.FLOAT32, 1, units);
    TensorRef y2 = b.tensor("second", TensorType.FLOAT32, 1, units);
    TensorRef y3 = b.tensor("product", TensorType.FLOAT32, units, inputs);
    MulOptionsT mul = new MulOptionsT();
    b.fullyConnected(x, w, b1, y1, Activation.NONE)
        .fullyConnected(x, w, b2, y2, Activation.RELU)
        .operator(
            BuiltinOperator.MUL,
            1,
            union(BuiltinOptions.MulOptions, mul),
            List.of(m, w),
            List.of(y3))
        .output(y1, y2, y3);
    return new SharedWeight(b.build("shared_weight"), weights, units, inputs);
  }

  /**
   * The mixed model with its dense weights marked sparse in an all-dense encoding: valid for the
   * verifier, data still in row-major order.
   */
  public static TfliteModel withSparseDense(Mixed mixed) {
    ModelT schema = mixed.model().schema();
    SparsityParametersT sparsity = new SparsityParametersT();
    sparsity.setTraversalOrder(new int[] {0, 1});
    DimensionMetadataT rows = new DimensionMetadataT();
    rows.setFormat(DimensionType.DENSE);
    rows.setDenseSize(Mixed.UNITS);
    DimensionMetadataT columns = new DimensionMetadataT();
    columns.setFormat(DimensionType.DENSE);
    columns.setDenseSize(mixed.dense().length / Mixed.UNITS);
    sparsity.setDimMetadata(new DimensionMetadataT[] {rows, columns});
    Tensors.tensor(schema, "dense/kernel").setSparsity(sparsity);
    return TfliteModel.fromBytes("sparse", SchemaRoundTrip.serialize(schema));
  }

  /** A hybrid convolution whose filter is int8 already, as a quantizer would have left it. */
  public static TfliteModel alreadyQuantized(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int filters = 8;
    int perFilter = 9 * 16;
    byte[] q = new byte[filters * perFilter];
    float[] scales = new float[filters];
    for (int o = 0; o < filters; o++) {
      scales[o] = (float) (0.01 + 0.01 * random.nextDouble());
      for (int i = 0; i < perFilter; i++) {
        q[o * perFilter + i] = (byte) (random.nextInt(255) - 127);
      }
    }
    TfliteModelBuilder b = new TfliteModelBuilder().description("int8 weights");
    TensorRef x = b.input("image", TensorType.FLOAT32, -1, 6, 6, 16);
    TensorRef f =
        b.quantizedConstant(
            "conv/filter",
            TensorType.INT8,
            q,
            QuantizationInfo.perChannel(0, scales),
            filters,
            3,
            3,
            16);
    TensorRef fb = b.constant("conv/bias", gaussian(random, filters, 0.1), filters);
    TensorRef out = b.tensor("conv", TensorType.FLOAT32, -1, 4, 4, filters);
    b.conv2d(x, f, fb, out, Padding.VALID, 1, Activation.NONE).output(out);
    return b.build("int8_conv");
  }

  /** A model without weights at all: {@code y = x ⊙ x}. */
  public static TfliteModel weightless() {
    TfliteModelBuilder b = new TfliteModelBuilder().description("square");
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 4);
    b.operator(
            BuiltinOperator.MUL,
            1,
            union(BuiltinOptions.MulOptions, new MulOptionsT()),
            List.of(x, x),
            List.of(y))
        .output(y);
    return b.build("square");
  }

  public static float[] gaussian(SplittableRandom random, int n, double std) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }

  public static float[] uniform(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextDouble();
    }
    return values;
  }

  private static BuiltinOptionsUnion union(byte type, Object value) {
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(type);
    union.setValue(value);
    return union;
  }
}
