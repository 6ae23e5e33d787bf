package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.SplittableRandom;

/**
 * The network of the Quick, Draw! experiment with Keras's initial weights, untrained: a realistic
 * model for the command-line tests that need no training.
 *
 * <p>Built without TensorFlow Java, which the slim command line does not have, in the layout and
 * with the weights that {@code modelbudget-training}'s exporter writes for {@code
 * TrainedModel.initialized(Architectures.seedCnn("baseline"), seed)}: Glorot-uniform kernels drawn
 * in TensorFlow's order (HWIO, then {@code [in, out]}) from one generator, zero biases. The
 * training CLI's tests check that both give the same bytes.
 */
public final class SeedArchitecture {

  /** The side of the square input images. */
  public static final int SIDE = 28;

  private SeedArchitecture() {}

  /**
   * Builds the untrained seed CNN.
   *
   * @param seed the seed of the kernels
   * @return the verified model, named {@code baseline}
   */
  public static TfliteModel untrained(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TfliteModelBuilder b = new TfliteModelBuilder().description("ModelBudget optimizer: baseline");
    TensorRef x = b.input("input", TensorType.FLOAT32, -1, SIDE, SIDE);
    TensorRef shape = b.constantInt32("reshape/shape", new int[] {-1, SIDE, SIDE, 1}, 4);
    TensorRef image = b.tensor("reshape/Reshape", TensorType.FLOAT32, -1, SIDE, SIDE, 1);
    b.reshape(x, shape, image);
    TensorRef c1 = conv(b, random, "conv2d", image, 1, 12, 26);
    TensorRef p1 = b.tensor("max_pooling2d/MaxPool", TensorType.FLOAT32, -1, 13, 13, 12);
    b.maxPool2d(c1, p1, Padding.VALID, 2, 2);
    TensorRef c2 = conv(b, random, "conv2d_1", p1, 12, 24, 11);
    TensorRef p2 = b.tensor("max_pooling2d_1/MaxPool", TensorType.FLOAT32, -1, 5, 5, 24);
    b.maxPool2d(c2, p2, Padding.VALID, 2, 2);
    int flat = 5 * 5 * 24;
    TensorRef flatShape = b.constantInt32("flatten/shape", new int[] {-1, flat}, 2);
    TensorRef flattened = b.tensor("flatten/Reshape", TensorType.FLOAT32, -1, flat);
    b.reshape(p2, flatShape, flattened);
    // A [flat, 1] kernel read in [in, out] order is already the [1, flat] TFLite layout.
    TensorRef dense = b.constant("dense/kernel", glorotUniform(random, flat, flat, 1), 1, flat);
    TensorRef denseBias = b.constant("dense/bias", new float[1], 1);
    TensorRef logit = b.tensor("dense/BiasAdd", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(flattened, dense, denseBias, logit, Activation.NONE);
    TensorRef probability = b.tensor("output", TensorType.FLOAT32, -1, 1);
    b.logistic(logit, probability);
    b.output(probability);
    return b.build("baseline");
  }

  /** A 3×3 VALID convolution with a fused ReLU, its kernel drawn in HWIO order. */
  private static TensorRef conv(
      TfliteModelBuilder b,
      SplittableRandom random,
      String layer,
      TensorRef input,
      int in,
      int out,
      int side) {
    float[] hwio = glorotUniform(random, 9 * in * out, 9 * in, 9 * out);
    float[] ohwi = new float[hwio.length];
    for (int hw = 0; hw < 9; hw++) {
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          ohwi[(o * 9 + hw) * in + i] = hwio[(hw * in + i) * out + o];
        }
      }
    }
    TensorRef filter = b.constant(layer + "/kernel", ohwi, out, 3, 3, in);
    TensorRef bias = b.constant(layer + "/bias", new float[out], out);
    TensorRef y = b.tensor(layer + "/Relu", TensorType.FLOAT32, -1, side, side, out);
    b.conv2d(input, filter, bias, y, Padding.VALID, 1, Activation.RELU);
    return y;
  }

  /** Keras's {@code GlorotUniform}: {@code U(-limit, limit)}, {@code limit = sqrt(6 / fans)}. */
  private static float[] glorotUniform(SplittableRandom random, int size, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / ((double) fanIn + fanOut));
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-limit, limit);
    }
    return values;
  }
}
