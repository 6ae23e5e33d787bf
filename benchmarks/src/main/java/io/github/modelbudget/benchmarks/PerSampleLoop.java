package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.runtime.Session;

/**
 * The baseline the evaluator is measured against: one session, one {@code invoke} per sample, as
 * the experiment's Python evaluates a {@code .tflite} model.
 */
public final class PerSampleLoop {

  private PerSampleLoop() {}

  /**
   * Predicts every sample one at a time.
   *
   * @param session an open session of a model with one sigmoid output
   * @param dataset the samples
   * @param threshold the decision threshold
   * @return the predicted class of every sample
   */
  public static int[] predict(Session session, Dataset dataset, double threshold) {
    session.resizeBatch(1);
    float[] sample = new float[dataset.sampleSize()];
    int[] predictions = new int[dataset.size()];
    for (int i = 0; i < dataset.size(); i++) {
      dataset.copyFeatures(i, i + 1, sample, 0);
      session.setInput(0, sample);
      session.invoke();
      predictions[i] = session.output(0)[0] >= threshold ? 1 : 0;
    }
    return predictions;
  }
}
