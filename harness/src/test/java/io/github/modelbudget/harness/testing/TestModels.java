package io.github.modelbudget.harness.testing;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.SplittableRandom;

/**
 * Small models built in-process with fixed seeds, each with the weights the tests need to compute
 * the expected outputs independently.
 */
public final class TestModels {

  private TestModels() {}

  /**
   * A dense layer with a sigmoid: {@code p = sigmoid(W x + b)}, {@code W} is {@code [1, inputs]}.
   */
  public record DenseSigmoid(TfliteModel model, int inputs, float[] weights, float bias) {}

  /**
   * A small CNN in the seed's shape: {@code [N, h, w, 1]} → CONV_2D 3×3 VALID relu → MAX_POOL_2D
   * 2×2 → RESHAPE → FULLY_CONNECTED → LOGISTIC.
   */
  public record ConvStack(
      TfliteModel model,
      int height,
      int width,
      int filters,
      float[] filter,
      float[] filterBias,
      float[] dense,
      float denseBias) {

    /** The number of features the dense layer sees. */
    public int flatSize() {
      return ((height - 2) / 2) * ((width - 2) / 2) * filters;
    }
  }

  /** A hybrid CONV_2D: float input, int8 per-channel filter, float bias and output. */
  public record HybridConv(
      TfliteModel model,
      int height,
      int width,
      int channels,
      int filters,
      byte[] filter,
      float[] scales,
      float[] bias) {}

  public static DenseSigmoid denseSigmoid(int inputs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] weights = gaussian(random, inputs, 0.5);
    float bias = (float) random.nextGaussian() * 0.1f;
    TfliteModelBuilder b = new TfliteModelBuilder().description("dense + sigmoid");
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, inputs);
    TensorRef w = b.constant("dense/kernel", weights, 1, inputs);
    TensorRef bb = b.constant("dense/bias", new float[] {bias}, 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bb, logit, Activation.NONE).logistic(logit, p).output(p);
    return new DenseSigmoid(b.build("dense_sigmoid"), inputs, weights, bias);
  }

  public static ConvStack convStack(int height, int width, int filters, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] filter = gaussian(random, filters * 9, 0.4);
    float[] filterBias = gaussian(random, filters, 0.05);
    int flat = ((height - 2) / 2) * ((width - 2) / 2) * filters;
    float[] dense = gaussian(random, flat, 0.2);
    float denseBias = (float) random.nextGaussian() * 0.05f;

    TfliteModelBuilder b = new TfliteModelBuilder().description("conv stack");
    TensorRef x = b.input("image", TensorType.FLOAT32, -1, height, width, 1);
    TensorRef f = b.constant("conv/filter", filter, filters, 3, 3, 1);
    TensorRef fb = b.constant("conv/bias", filterBias, filters);
    TensorRef conv = b.tensor("conv/relu", TensorType.FLOAT32, -1, height - 2, width - 2, filters);
    TensorRef pool =
        b.tensor("pool", TensorType.FLOAT32, -1, (height - 2) / 2, (width - 2) / 2, filters);
    TensorRef shape = b.constantInt32("flatten/shape", new int[] {-1, flat}, 2);
    TensorRef flatT = b.tensor("flatten", TensorType.FLOAT32, -1, flat);
    TensorRef w = b.constant("dense/kernel", dense, 1, flat);
    TensorRef wb = b.constant("dense/bias", new float[] {denseBias}, 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.conv2d(x, f, fb, conv, Padding.VALID, 1, Activation.RELU)
        .maxPool2d(conv, pool, Padding.VALID, 2, 2)
        .reshape(pool, shape, flatT)
        .fullyConnected(flatT, w, wb, logit, Activation.NONE)
        .logistic(logit, p)
        .output(p);
    return new ConvStack(
        b.build("conv_stack"), height, width, filters, filter, filterBias, dense, denseBias);
  }

  /**
   * A hybrid convolution, 3×3 VALID, with int8 weights quantized per output channel; channel 1 is
   * all zeros (scale 0), as pruning leaves it.
   */
  public static HybridConv hybridConv(int height, int width, int channels, int filters, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int perFilter = 9 * channels;
    byte[] q = new byte[filters * perFilter];
    float[] scales = new float[filters];
    for (int o = 0; o < filters; o++) {
      boolean zeroChannel = o == 1;
      scales[o] = zeroChannel ? 0f : (float) (0.01 + 0.02 * random.nextDouble());
      for (int i = 0; i < perFilter; i++) {
        q[o * perFilter + i] = zeroChannel ? 0 : (byte) (random.nextInt(255) - 127);
      }
    }
    float[] bias = gaussian(random, filters, 0.1);
    TfliteModelBuilder b = new TfliteModelBuilder().description("hybrid conv");
    TensorRef x = b.input("image", TensorType.FLOAT32, -1, height, width, channels);
    TensorRef f =
        b.quantizedConstant(
            "conv/filter",
            TensorType.INT8,
            q,
            QuantizationInfo.perChannel(0, scales),
            filters,
            3,
            3,
            channels);
    TensorRef fb = b.constant("conv/bias", bias, filters);
    TensorRef out = b.tensor("conv/out", TensorType.FLOAT32, -1, height - 2, width - 2, filters);
    b.conv2d(x, f, fb, out, Padding.VALID, 1, Activation.NONE).output(out);
    return new HybridConv(
        b.build("hybrid_conv"), height, width, channels, filters, q, scales, bias);
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
}
