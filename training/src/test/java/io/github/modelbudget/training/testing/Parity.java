package io.github.modelbudget.training.testing;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.training.train.GraphPredictor;
import io.github.modelbudget.training.train.TrainedModel;

/** Runs the same samples through TensorFlow Java and the TFLite runtime. */
public final class Parity {

  private Parity() {}

  /**
   * Returns the largest absolute difference between the TensorFlow graph's and the TFLite model's
   * outputs over a dataset, in batches of 64 (the TFLite input's batch dimension is resized).
   *
   * @param trained the model in TensorFlow
   * @param exported the model in TFLite
   * @param data the samples
   * @return the maximum absolute difference over every output value
   */
  public static double maxAbsDifference(TrainedModel trained, TfliteModel exported, Dataset data) {
    double max = 0;
    try (GraphPredictor graph = GraphPredictor.open(trained);
        LoadedModel loaded = InferenceBackend.tflite().load(exported);
        Session session = loaded.openSession()) {
      for (Dataset.Batch batch : data.batches(64)) {
        float[] features = data.features(batch.offset(), batch.offset() + batch.size());
        float[] expected = graph.predict(features, batch.size());
        session.resizeBatch(batch.size());
        session.setInput(0, features);
        session.invoke();
        float[] actual = session.output(0);
        if (actual.length != expected.length) {
          throw new AssertionError(
              "TFLite gave " + actual.length + " outputs, TensorFlow " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
          max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
      }
    }
    return max;
  }
}
