package io.github.modelbudget.harness.testing;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;

/**
 * Regression models whose outputs are known by construction: one {@code FULLY_CONNECTED} from one
 * float input to {@code k} float outputs, {@code y_j = slopes[j] · x + intercepts[j]}, with a
 * dynamic batch (the shape of the TFLite Micro "hello world" sine model's float interface).
 */
public final class RegressionModels {

  private RegressionModels() {}

  /**
   * A linear model {@code y = slope · x + intercept} for each output.
   *
   * @param name the model's name
   * @param slopes one slope per output
   * @param intercepts one intercept per output
   * @return the model
   */
  public static TfliteModel linear(String name, float[] slopes, float[] intercepts) {
    int outputs = slopes.length;
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("dense/kernel", slopes.clone(), outputs, 1);
    TensorRef bias = b.constant("dense/bias", intercepts.clone(), outputs);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, outputs);
    b.fullyConnected(x, w, bias, y, Activation.NONE).output(y);
    return b.build(name);
  }
}
