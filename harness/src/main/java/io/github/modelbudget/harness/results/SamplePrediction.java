package io.github.modelbudget.harness.results;

import java.util.List;
import java.util.Optional;

/**
 * One sample's outcome, kept in a run record only on request (it grows with the dataset).
 *
 * @param index the sample's index in the dataset
 * @param label the true class (0 for a regression model)
 * @param predicted the predicted class (0 for a regression model)
 * @param output the model's raw output values
 * @param target a regression model's targets for the sample, as many as its outputs; empty for a
 *     classifier and in records written before regression existed
 */
public record SamplePrediction(
    int index, int label, int predicted, List<Float> output, Optional<List<Float>> target) {

  /** Copies. */
  public SamplePrediction {
    output = List.copyOf(output);
    target = target == null ? Optional.empty() : target.map(List::copyOf);
  }

  /**
   * Records a classifier's sample.
   *
   * @param index the sample's index in the dataset
   * @param label the true class
   * @param predicted the predicted class
   * @param output the model's raw output values
   */
  public SamplePrediction(int index, int label, int predicted, List<Float> output) {
    this(index, label, predicted, output, Optional.empty());
  }
}
