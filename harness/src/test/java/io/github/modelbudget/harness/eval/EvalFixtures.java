package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.testing.ConverterStyleModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Dense models whose predictions are known by construction, and datasets built so that each model
 * is right on exactly the samples the test chooses.
 */
final class EvalFixtures {

  /** The weight of the one input a binary model looks at: p = sigmoid(GAIN · x). */
  static final float GAIN = 8f;

  private EvalFixtures() {}

  /**
   * A sigmoid classifier over {@code inputs} features that looks only at feature {@code watched}.
   */
  static TfliteModel binaryWatching(String name, int inputs, int watched) {
    float[] weights = new float[inputs];
    weights[watched] = GAIN;
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, inputs);
    TensorRef w = b.constant("dense/kernel", weights, 1, inputs);
    TensorRef bias = b.constant("dense/bias", new float[1], 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, logit, Activation.NONE).logistic(logit, p).output(p);
    return b.build(name);
  }

  /**
   * A sigmoid classifier over 2×2 samples built the way TensorFlow's converter writes a Keras model
   * with a dynamic batch: {@code SHAPE → STRIDED_SLICE → PACK → RESHAPE} flattens the input to
   * {@code [batch, 4]}, then a dense layer looks only at the first value.
   */
  static TfliteModel converterStyle(String name) {
    return ConverterStyleModels.dynamicBatchDense(name, 2, new float[] {GAIN, 0, 0, 0}, 0f).model();
  }

  /**
   * A {@code classes}-way classifier with logits {@code GAIN_MULTI · x} (identity weights), ending
   * in a softmax or not.
   */
  static TfliteModel multiClass(String name, int classes, boolean softmax) {
    float[] weights = new float[classes * classes];
    for (int c = 0; c < classes; c++) {
      weights[c * classes + c] = 4f;
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, classes);
    TensorRef w = b.constant("dense/kernel", weights, classes, classes);
    TensorRef bias = b.constant("dense/bias", new float[classes], classes);
    TensorRef logits = b.tensor("dense/logits", TensorType.FLOAT32, -1, classes);
    b.fullyConnected(x, w, bias, logits, Activation.NONE);
    if (softmax) {
      TensorRef p = b.tensor("softmax", TensorType.FLOAT32, -1, classes);
      b.softmax(logits, p, 1f).output(p);
    } else {
      b.output(logits);
    }
    return b.build(name);
  }

  /**
   * Two features per sample, for the two binary models watching feature 0 and feature 1: the counts
   * say how many samples each (first right?, second right?) combination gets. Labels alternate;
   * magnitudes vary with a seed so scores are not all tied.
   */
  static Dataset paired(String name, int bothRight, int firstOnly, int secondOnly, int neither) {
    SplittableRandom random = new SplittableRandom(7L);
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    int[][] groups = {{bothRight, 1, 1}, {firstOnly, 1, 0}, {secondOnly, 0, 1}, {neither, 0, 0}};
    for (int[] group : groups) {
      for (int i = 0; i < group[0]; i++) {
        int label = labels.size() % 2;
        float sign = label == 1 ? 1f : -1f;
        float x0 = sign * (group[1] == 1 ? 1 : -1) * (float) (0.2 + random.nextDouble());
        float x1 = sign * (group[2] == 1 ? 1 : -1) * (float) (0.2 + random.nextDouble());
        rows.add(new float[] {x0, x1});
        labels.add(label);
      }
    }
    return dataset(name, new int[] {2}, rows, labels, List.of("negative", "positive"));
  }

  /**
   * Samples for {@link #multiClass}: {@code confusion[label][predicted]} samples of each pair, each
   * with feature {@code predicted} at 1 and the others small, so the arg max is {@code predicted}.
   */
  static Dataset confusion(String name, int[][] confusion, List<String> classNames) {
    SplittableRandom random = new SplittableRandom(11L);
    int k = confusion.length;
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < k; label++) {
      for (int predicted = 0; predicted < k; predicted++) {
        for (int i = 0; i < confusion[label][predicted]; i++) {
          float[] x = new float[k];
          for (int j = 0; j < k; j++) {
            x[j] = j == predicted ? 1f : (float) (random.nextDouble() * 0.6 - 0.3);
          }
          rows.add(x);
          labels.add(label);
        }
      }
    }
    return dataset(name, new int[] {k}, rows, labels, classNames);
  }

  static Dataset dataset(
      String name, int[] shape, List<float[]> rows, List<Integer> labels, List<String> classes) {
    int width = rows.get(0).length;
    float[] features = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, features, i * width, width);
    }
    int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
    return Dataset.of(name, shape, features, y, classes);
  }

  static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
