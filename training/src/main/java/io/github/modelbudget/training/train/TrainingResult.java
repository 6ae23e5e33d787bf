package io.github.modelbudget.training.train;

import java.util.List;
import java.util.Objects;

/**
 * What training produced.
 *
 * @param model the model with its trained weights
 * @param history the metrics of every epoch, in order
 * @param steps the optimizer steps taken
 */
public record TrainingResult(TrainedModel model, List<EpochMetrics> history, long steps) {

  /** Validates and copies. */
  public TrainingResult {
    Objects.requireNonNull(model, "model");
    history = List.copyOf(history);
  }
}
