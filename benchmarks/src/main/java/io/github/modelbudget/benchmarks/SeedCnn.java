package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's workload: the Quick, Draw! CNN of the experiment ModelBudget grew from, with
 * seeded random weights, and seeded random 28×28 images.
 *
 * <p>{@code Input(28,28) → Reshape(28,28,1) → Conv2D(12, 3×3, relu) → MaxPool(2) → Conv2D(24, 3×3,
 * relu) → MaxPool(2) → Flatten → Dense(1, sigmoid)}.
 */
public final class SeedCnn {

  /** The side of an image. */
  public static final int SIDE = 28;

  private SeedCnn() {}

  /**
   * Builds the network with He-initialised weights and small random biases.
   *
   * @param seed the weights' seed
   * @return the model
   */
  public static TfliteModel model(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TfliteModelBuilder b = new TfliteModelBuilder().description("seed CNN, random weights");
    TensorRef input = b.input("input", TensorType.FLOAT32, -1, SIDE, SIDE);
    TensorRef imageShape = b.constantInt32("reshape/shape", new int[] {-1, SIDE, SIDE, 1}, 4);
    TensorRef image = b.tensor("reshape", TensorType.FLOAT32, -1, SIDE, SIDE, 1);
    TensorRef k1 =
        b.constant("conv1/kernel", normal(random, 12 * 9, Math.sqrt(2.0 / 9)), 12, 3, 3, 1);
    TensorRef b1 = b.constant("conv1/bias", normal(random, 12, 0.05), 12);
    TensorRef c1 = b.tensor("conv1/relu", TensorType.FLOAT32, -1, 26, 26, 12);
    TensorRef p1 = b.tensor("pool1", TensorType.FLOAT32, -1, 13, 13, 12);
    TensorRef k2 =
        b.constant("conv2/kernel", normal(random, 24 * 9 * 12, Math.sqrt(2.0 / 108)), 24, 3, 3, 12);
    TensorRef b2 = b.constant("conv2/bias", normal(random, 24, 0.05), 24);
    TensorRef c2 = b.tensor("conv2/relu", TensorType.FLOAT32, -1, 11, 11, 24);
    TensorRef p2 = b.tensor("pool2", TensorType.FLOAT32, -1, 5, 5, 24);
    TensorRef flatShape = b.constantInt32("flatten/shape", new int[] {-1, 600}, 2);
    TensorRef flat = b.tensor("flatten", TensorType.FLOAT32, -1, 600);
    TensorRef k3 = b.constant("dense/kernel", normal(random, 600, Math.sqrt(1.0 / 600)), 1, 600);
    TensorRef b3 = b.constant("dense/bias", new float[1], 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef probability = b.tensor("dense", TensorType.FLOAT32, -1, 1);
    b.reshape(input, imageShape, image)
        .conv2d(image, k1, b1, c1, Padding.VALID, 1, Activation.RELU)
        .maxPool2d(c1, p1, Padding.VALID, 2, 2)
        .conv2d(p1, k2, b2, c2, Padding.VALID, 1, Activation.RELU)
        .maxPool2d(c2, p2, Padding.VALID, 2, 2)
        .reshape(p2, flatShape, flat)
        .fullyConnected(flat, k3, b3, logit, Activation.NONE)
        .logistic(logit, probability)
        .output(probability);
    return b.build("seed_cnn");
  }

  /**
   * Makes {@code count} doodle-like images (a few random ink strokes, 1 = ink, on a blank 0 canvas)
   * and random binary labels. Strokes rather than noise, so that the untrained network's scores
   * spread across both sides of the threshold.
   *
   * @param count the number of images
   * @param seed the seed
   * @return the dataset
   */
  public static Dataset images(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[count * SIDE * SIDE];
    for (int i = 0; i < count; i++) {
      int strokes = 2 + random.nextInt(5);
      for (int s = 0; s < strokes; s++) {
        stroke(pixels, i * SIDE * SIDE, random);
      }
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = random.nextInt(2);
    }
    return Dataset.of(
        "random-28x28", new int[] {SIDE, SIDE}, pixels, labels, List.of("eiffel", "mona_lisa"));
  }

  /** Draws a straight stroke between two random points, with a one-pixel pen. */
  private static void stroke(float[] pixels, int offset, SplittableRandom random) {
    int x0 = random.nextInt(SIDE);
    int y0 = random.nextInt(SIDE);
    int x1 = random.nextInt(SIDE);
    int y1 = random.nextInt(SIDE);
    int steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (int t = 0; t <= steps; t++) {
      double f = steps == 0 ? 0 : (double) t / steps;
      int x = (int) Math.round(x0 + f * (x1 - x0));
      int y = (int) Math.round(y0 + f * (y1 - y0));
      pixels[offset + y * SIDE + x] = 1f;
    }
  }

  private static float[] normal(SplittableRandom random, int count, double std) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
