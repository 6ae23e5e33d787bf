package io.github.modelbudget.training.train;

import io.github.modelbudget.training.model.Activation;
import io.github.modelbudget.training.model.Dense;
import io.github.modelbudget.training.model.InvalidModelSpecException;
import io.github.modelbudget.training.model.Layer;
import io.github.modelbudget.training.model.SequentialModel;

/**
 * The classification head a trainable model ends in, and the loss that goes with it.
 *
 * @param binary {@code true} for one sigmoid unit (binary cross-entropy), {@code false} for softmax
 *     (categorical cross-entropy)
 * @param classCount the number of classes
 */
record ClassificationHead(boolean binary, int classCount) {

  static ClassificationHead of(SequentialModel model) {
    Layer last = model.layers().get(model.layers().size() - 1);
    if (last instanceof Dense dense) {
      if (dense.activation() == Activation.SIGMOID && dense.units() == 1) {
        return new ClassificationHead(true, 2);
      }
      if (dense.activation() == Activation.SOFTMAX && dense.units() >= 2) {
        return new ClassificationHead(false, dense.units());
      }
    }
    throw new InvalidModelSpecException(
        model.name(),
        "a classifier must end in Dense(1, sigmoid) (binary cross-entropy) or Dense(n >= 2,"
            + " softmax) (categorical cross-entropy) but the last layer is "
            + last);
  }
}
