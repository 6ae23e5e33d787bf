package io.github.modelbudget.cli;

import io.github.modelbudget.optimizer.pipeline.PipelineListener;
import io.github.modelbudget.optimizer.train.EpochMetrics;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints the optimizer pipeline's stages and epochs as they end, like Keras's fit.
 *
 * @param w where to print
 * @param every print the first epoch and every {@code every}-th one, for long trainings
 */
record EpochPrinter(PrintWriter w, int every) implements PipelineListener {

  /** Prints every epoch. */
  EpochPrinter(PrintWriter w) {
    this(w, 1);
  }

  @Override
  public void stageStarted(String stage) {
    w.printf(Locale.ROOT, "%s%n", stage);
    w.flush();
  }

  @Override
  public void epochEnded(String stage, EpochMetrics m) {
    if (m.epoch() != 1 && m.epoch() % every != 0) {
      return;
    }
    w.printf(
        Locale.ROOT,
        "  epoch %d (%,d steps): loss %.4f, accuracy %.4f%s%n",
        m.epoch(),
        m.steps(),
        m.loss(),
        m.accuracy(),
        m.validationAccuracy().isPresent()
            ? String.format(
                Locale.ROOT,
                ", val_loss %.4f, val_accuracy %.4f",
                m.validationLoss().orElse(Double.NaN),
                m.validationAccuracy().getAsDouble())
            : "");
    w.flush();
  }
}
