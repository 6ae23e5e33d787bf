package io.github.modelbudget.optimizer.search;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A three-layer dense classifier with one fragile layer, and data for it.
 *
 * <p>Unit {@link #DEAD_UNIT} of the second layer never fires (its bias is far below what its inputs
 * reach), so training would never have pulled its outgoing weight in the last layer down: that
 * weight is an outlier of {@link #OUTLIER}, while the rest of the layer is below 0.3. In float the
 * outlier changes nothing (it multiplies a zero). Quantized per tensor, or per channel for its row,
 * its scale of {@code OUTLIER / 127} rounds every other weight to zero.
 */
final class FragileLayerModel {

  static final int INPUTS = 64;
  static final int HIDDEN = 64;
  static final int CLASSES = 16;
  static final int DEAD_UNIT = 5;
  static final int OUTLIER_ROW = 3;
  static final float OUTLIER = 100f;
  static final String FRAGILE = "logits";

  private FragileLayerModel() {}

  static TfliteModel model() {
    return model(CLASSES);
  }

  /**
   * The model with another number of classes; below 16, the last layer has fewer than the 1,024
   * weights dynamic-range quantization needs.
   */
  static TfliteModel model(int classes) {
    SplittableRandom random = new SplittableRandom(17L);
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, INPUTS);
    TensorRef h1 = b.tensor("dense_1/relu", TensorType.FLOAT32, -1, HIDDEN);
    TensorRef h2 = b.tensor("dense_2/relu", TensorType.FLOAT32, -1, HIDDEN);
    TensorRef logits = b.tensor(FRAGILE, TensorType.FLOAT32, -1, classes);
    float[] bias2 = uniform(random, HIDDEN, 0.1);
    bias2[DEAD_UNIT] = -100f;
    float[] kernel3 = uniform(random, classes * HIDDEN, 0.3);
    for (int j = 0; j < HIDDEN; j++) {
      // A positive lean makes the outlier's class the prediction for part of the data.
      kernel3[OUTLIER_ROW * HIDDEN + j] = (float) (0.12 + (random.nextDouble() * 2 - 1) * 0.2);
    }
    kernel3[OUTLIER_ROW * HIDDEN + DEAD_UNIT] = OUTLIER;
    b.fullyConnected(
        x,
        b.constant("dense_1/kernel", uniform(random, HIDDEN * INPUTS, 0.25), HIDDEN, INPUTS),
        b.constant("dense_1/bias", uniform(random, HIDDEN, 0.1), HIDDEN),
        h1,
        Activation.RELU);
    b.fullyConnected(
        h1,
        b.constant("dense_2/kernel", uniform(random, HIDDEN * HIDDEN, 0.25), HIDDEN, HIDDEN),
        b.constant("dense_2/bias", bias2, HIDDEN),
        h2,
        Activation.RELU);
    b.fullyConnected(
        h2,
        b.constant("dense_3/kernel", kernel3, classes, HIDDEN),
        b.constant("dense_3/bias", uniform(random, classes, 0.1), classes),
        logits,
        Activation.NONE);
    return b.output(logits).build("fragile");
  }

  /** Uniform features in [0, 1), labels all 0 (a per-layer comparison does not read them). */
  static Dataset data(int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] features = new float[samples * INPUTS];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextDouble();
    }
    return Dataset.of("fragile.npz", new int[] {INPUTS}, features, new int[samples], List.of());
  }

  private static float[] uniform(SplittableRandom random, int count, double bound) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return values;
  }
}
