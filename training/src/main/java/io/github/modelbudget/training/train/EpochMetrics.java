package io.github.modelbudget.training.train;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The metrics of one epoch, as Keras reports them: training loss and accuracy averaged over the
 * epoch's batches (weighted by batch size, measured before each step), validation loss and accuracy
 * after the epoch.
 *
 * @param epoch the epoch, from 1
 * @param steps the optimizer steps taken so far, all epochs together
 * @param loss the mean training loss
 * @param accuracy the training accuracy
 * @param validationLoss the validation loss, empty without a validation split
 * @param validationAccuracy the validation accuracy, empty without a validation split
 */
public record EpochMetrics(
    int epoch,
    long steps,
    double loss,
    double accuracy,
    OptionalDouble validationLoss,
    OptionalDouble validationAccuracy) {

  /** Checks for nulls. */
  public EpochMetrics {
    Objects.requireNonNull(validationLoss, "validationLoss");
    Objects.requireNonNull(validationAccuracy, "validationAccuracy");
  }
}
