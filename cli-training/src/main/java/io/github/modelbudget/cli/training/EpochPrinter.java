package io.github.modelbudget.cli.training;

import io.github.modelbudget.training.pipeline.PipelineListener;
import io.github.modelbudget.training.train.EpochMetrics;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints the optimizer pipeline's stages and epochs as they end, like Keras's fit. For long
 * trainings it prints the first epoch, every {@code every}-th one and the last one of each stage
 * (known when the next stage starts).
 */
final class EpochPrinter implements PipelineListener {

  private final PrintWriter w;
  private final int every;
  private Optional<EpochMetrics> unprinted = Optional.empty();

  /** Prints every epoch. */
  EpochPrinter(PrintWriter w) {
    this(w, 1);
  }

  EpochPrinter(PrintWriter w, int every) {
    this.w = w;
    this.every = every;
  }

  @Override
  public void stageStarted(String stage) {
    unprinted.ifPresent(this::print);
    unprinted = Optional.empty();
    w.printf(Locale.ROOT, "%s%n", stage);
    w.flush();
  }

  @Override
  public void epochEnded(String stage, EpochMetrics m) {
    if (m.epoch() != 1 && m.epoch() % every != 0) {
      unprinted = Optional.of(m);
      return;
    }
    unprinted = Optional.empty();
    print(m);
  }

  private void print(EpochMetrics m) {
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
