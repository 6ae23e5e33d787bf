package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.training.export.TfliteExporter;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.train.TrainedModel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's workload: the Quick, Draw! CNN of the experiment ModelBudget grew from, with
 * seeded initial weights, and seeded random 28×28 images.
 *
 * <p>{@code Input(28,28) → Reshape(28,28,1) → Conv2D(12, 3×3, relu) → MaxPool(2) → Conv2D(24, 3×3,
 * relu) → MaxPool(2) → Flatten → Dense(1, sigmoid)}.
 */
public final class SeedCnn {

  /** The side of an image. */
  public static final int SIDE = 28;

  private SeedCnn() {}

  /**
   * Builds the network with Keras's initial weights (Glorot-uniform kernels, zero biases),
   * untrained, as the optimizer exports it.
   *
   * @param seed the weights' seed
   * @return the model
   */
  public static TfliteModel model(long seed) {
    return TfliteExporter.export(
        TrainedModel.initialized(Architectures.seedCnn("seed_cnn"), seed), "seed_cnn");
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
}
