package io.github.modelbudget.training.testing;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.model.SequentialModel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Procedurally drawn 28×28 grayscale images of strokes with seeded noise: class 0 vertical, class 1
 * horizontal, class 2 (with three classes) diagonal. Easy to learn, so a few epochs suffice.
 */
public final class StrokeImages {

  /** The side of every image. */
  public static final int SIDE = 28;

  private StrokeImages() {}

  /**
   * Draws a balanced dataset.
   *
   * @param name the dataset's name
   * @param count the number of images
   * @param classes 2 or 3
   * @param seed the seed
   * @return images of shape {@code [28, 28]} in [0, 1]
   */
  public static Dataset draw(String name, int count, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] features = new float[count * SIDE * SIDE];
    int[] labels = new int[count];
    for (int n = 0; n < count; n++) {
      int label = random.nextInt(classes);
      labels[n] = label;
      int offset = n * SIDE * SIDE;
      for (int p = 0; p < SIDE * SIDE; p++) {
        features[offset + p] = (float) (random.nextDouble() * 0.3);
      }
      int length = 10 + random.nextInt(12);
      int along = random.nextInt(SIDE - length);
      int across = 3 + random.nextInt(SIDE - 6);
      for (int i = 0; i < length; i++) {
        for (int t = 0; t < 2; t++) {
          int row;
          int col;
          if (label == 0) {
            row = along + i;
            col = across + t;
          } else if (label == 1) {
            row = across + t;
            col = along + i;
          } else {
            row = along + i;
            col = Math.min(SIDE - 1, along + i + t);
          }
          features[offset + row * SIDE + col] = (float) (0.7 + random.nextDouble() * 0.3);
        }
      }
    }
    List<String> names =
        classes == 2
            ? List.of("vertical", "horizontal")
            : List.of("vertical", "horizontal", "diagonal");
    return Dataset.of(name, new int[] {SIDE, SIDE}, features, labels, names);
  }

  /**
   * Returns the seed experiment's architecture: Reshape, Conv 12 → Pool → Conv 24 → Pool, Flatten,
   * Dense 1 sigmoid.
   *
   * @return the model
   */
  public static SequentialModel seedArchitecture() {
    return Architectures.seedCnn("seed_cnn");
  }
}
