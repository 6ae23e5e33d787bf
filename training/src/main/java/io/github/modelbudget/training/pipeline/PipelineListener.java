package io.github.modelbudget.training.pipeline;

import io.github.modelbudget.training.train.EpochMetrics;

/** Hears the pipeline's progress, e.g. to show it on a terminal. */
public interface PipelineListener {

  /** A listener that ignores everything. */
  PipelineListener NONE = new PipelineListener() {};

  /**
   * Called when a stage starts: {@code "train baseline"}, {@code "prune"}, {@code "quantize"}, …
   *
   * @param stage the stage's name
   */
  default void stageStarted(String stage) {}

  /**
   * Called at the end of each epoch of a training stage.
   *
   * @param stage the stage's name
   * @param metrics the epoch's metrics
   */
  default void epochEnded(String stage, EpochMetrics metrics) {}
}
