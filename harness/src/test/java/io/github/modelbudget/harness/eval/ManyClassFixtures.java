package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;

/**
 * A 1001-way classifier (ImageNet's MobileNet width) whose scores are a known function of its one
 * input: class {@code c} scores {@code weights[c] · x}, so for {@code x > 0} the higher classes
 * rank first, for {@code x < 0} the lower ones, and at {@code x = 0} every class ties.
 */
final class ManyClassFixtures {

  static final int CLASSES = 1001;

  private ManyClassFixtures() {}

  /** The baseline's weights: {@code 0.01 · c}. */
  static float[] baselineWeights() {
    float[] w = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      w[c] = 0.01f * c;
    }
    return w;
  }

  /** The variant's weights: the baseline's with class 996 moved below class 991. */
  static float[] variantWeights() {
    float[] w = baselineWeights();
    w[996] = 9.905f;
    return w;
  }

  static TfliteModel classifier(String name, float[] weights, boolean softmax) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("dense/kernel", weights, CLASSES, 1);
    TensorRef bias = b.constant("dense/bias", new float[CLASSES], CLASSES);
    TensorRef logits = b.tensor("dense/logits", TensorType.FLOAT32, -1, CLASSES);
    b.fullyConnected(x, w, bias, logits, Activation.NONE);
    if (softmax) {
      TensorRef p = b.tensor("predictions", TensorType.FLOAT32, -1, CLASSES);
      b.softmax(logits, p, 1f).output(p);
    } else {
      b.output(logits);
    }
    return b.build(name);
  }

  /**
   * The classes scored strictly higher than {@code label} at input {@code x}, as the model does.
   */
  static int rank(float[] weights, int label, float x) {
    float truth = weights[label] * x;
    int higher = 0;
    for (float w : weights) {
      higher += w * x > truth ? 1 : 0;
    }
    return higher;
  }

  /** Numbered samples: {@code inputs[i]} with {@code labels[i]}, no class names. */
  static Dataset data(String name, float[] inputs, int[] labels) {
    return Dataset.of(name, new int[] {1}, inputs, labels, List.of());
  }
}
