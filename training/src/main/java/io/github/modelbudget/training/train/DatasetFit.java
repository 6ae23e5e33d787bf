package io.github.modelbudget.training.train;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.training.model.SequentialModel;

/** Checks that a dataset fits a model before any work starts. */
final class DatasetFit {

  private DatasetFit() {}

  /** Fails unless the samples have the model's input shape and the classes its head predicts. */
  static void check(SequentialModel model, Dataset data, int modelClasses) {
    checkShape(model, data);
    if (data.classCount() != modelClasses) {
      throw new InvalidDataException(
          data.name(),
          "model '"
              + model.name()
              + "' predicts "
              + modelClasses
              + " classes ("
              + model.layers().get(model.layers().size() - 1)
              + ") but the dataset has "
              + data.classCount()
              + " classes "
              + data.classNames());
    }
  }

  /** Fails unless the samples have the model's input shape. */
  static void checkShape(SequentialModel model, Dataset data) {
    if (!data.sampleShape().equals(model.inputShape())) {
      throw new InvalidDataException(
          data.name(),
          "model '"
              + model.name()
              + "' expects samples of shape "
              + model.inputShape()
              + " but the dataset's samples have shape "
              + data.sampleShape());
    }
  }
}
