package io.github.modelbudget.training.train;

/** Turns a classifier's outputs into classes, as Keras's accuracy metrics do. */
final class Predictions {

  private Predictions() {}

  /**
   * Returns the predicted class of one sample: 1 when a sigmoid output is above 0.5, otherwise the
   * arg-max of the softmax outputs.
   */
  static int predictedClass(float[] outputs, int sample, ClassificationHead head) {
    if (head.binary()) {
      return outputs[sample] > 0.5f ? 1 : 0;
    }
    int width = head.classCount();
    int best = 0;
    for (int c = 1; c < width; c++) {
      if (outputs[sample * width + c] > outputs[sample * width + best]) {
        best = c;
      }
    }
    return best;
  }
}
