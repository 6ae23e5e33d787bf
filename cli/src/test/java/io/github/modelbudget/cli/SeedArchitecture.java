package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.SplittableRandom;

/**
 * The network of the Quick, Draw! experiment written with the harness's builder, with
 * He-initialised untrained weights: a realistic model for the command-line tests that need no
 * training.
 */
final class SeedArchitecture {

  static final int SIDE = 28;

  private SeedArchitecture() {}

  static TfliteModel untrained(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TfliteModelBuilder b =
        new TfliteModelBuilder().description("Quick, Draw! CNN (untrained, seed " + seed + ")");
    b.metadata("min_runtime_version", TfliteModelBuilder.minRuntimeVersion("1.14.0"));
    TensorRef input = b.input("input", TensorType.FLOAT32, -1, SIDE, SIDE);
    TensorRef imageShape = b.constantInt32("reshape/shape", new int[] {-1, SIDE, SIDE, 1}, 4);
    TensorRef image = b.tensor("reshape", TensorType.FLOAT32, -1, SIDE, SIDE, 1);
    TensorRef k1 = b.constant("conv2d/kernel", he(random, 12 * 9, 9), 12, 3, 3, 1);
    TensorRef b1 = b.constant("conv2d/bias", new float[12], 12);
    TensorRef c1 = b.tensor("conv2d/relu", TensorType.FLOAT32, -1, 26, 26, 12);
    TensorRef p1 = b.tensor("max_pooling2d", TensorType.FLOAT32, -1, 13, 13, 12);
    TensorRef k2 = b.constant("conv2d_1/kernel", he(random, 24 * 9 * 12, 9 * 12), 24, 3, 3, 12);
    TensorRef b2 = b.constant("conv2d_1/bias", new float[24], 24);
    TensorRef c2 = b.tensor("conv2d_1/relu", TensorType.FLOAT32, -1, 11, 11, 24);
    TensorRef p2 = b.tensor("max_pooling2d_1", TensorType.FLOAT32, -1, 5, 5, 24);
    TensorRef flatShape = b.constantInt32("flatten/shape", new int[] {-1, 600}, 2);
    TensorRef flat = b.tensor("flatten", TensorType.FLOAT32, -1, 600);
    TensorRef k3 = b.constant("dense/kernel", he(random, 600, 600), 1, 600);
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
    return b.build("baseline");
  }

  private static float[] he(SplittableRandom random, int count, int fanIn) {
    double std = Math.sqrt(2.0 / fanIn);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
