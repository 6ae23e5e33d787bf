package io.github.modelbudget.harness.results;

import java.util.List;

/**
 * One sample's outcome, kept in a run record only on request (it grows with the dataset).
 *
 * @param index the sample's index in the dataset
 * @param label the true class
 * @param predicted the predicted class
 * @param output the model's raw output values
 */
public record SamplePrediction(int index, int label, int predicted, List<Float> output) {

  /** Copies. */
  public SamplePrediction {
    output = List.copyOf(output);
  }
}
