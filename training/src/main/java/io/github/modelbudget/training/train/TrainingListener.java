package io.github.modelbudget.training.train;

/** Hears about training progress, e.g. to print it in a command line. */
@FunctionalInterface
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = metrics -> {};

  /**
   * Receives the metrics of an epoch that has just ended.
   *
   * @param metrics the epoch's metrics
   */
  void onEpochEnd(EpochMetrics metrics);
}
