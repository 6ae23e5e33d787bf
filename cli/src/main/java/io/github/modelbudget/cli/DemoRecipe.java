package io.github.modelbudget.cli;

import io.github.modelbudget.optimizer.pipeline.PipelineRecipe;

/**
 * The experiment's recipe scaled to the demo's data. The experiment trains the baseline one epoch
 * and fine-tunes the pruned model two, over some 200,000 drawings; on the 150 training drawings of
 * the bundled sample that would be five optimizer steps, too few to learn anything. So the epochs
 * grow until each training pass has seen at least {@value #MIN_SAMPLES_SEEN} drawings, keeping the
 * experiment's batch sizes, learning rate, validation split and the one-to-two ratio of the two
 * trainings; the pruning schedule then ends at the same point of the fine-tuning as in the
 * experiment ({@code VariantPipeline.defaultSchedule(size, epochs)}). On the full data nothing
 * changes.
 */
final class DemoRecipe {

  /** The fewest drawings the baseline's training sees, counted with repeats. */
  static final int MIN_SAMPLES_SEEN = 10_000;

  private DemoRecipe() {}

  /**
   * Returns the experiment's recipe for {@code trainingSize} drawings.
   *
   * @param trainingSize the drawings to train on
   * @param seed the seed of both trainings
   * @return the recipe
   */
  static PipelineRecipe scaledTo(int trainingSize, long seed) {
    int epochs = baselineEpochs(trainingSize);
    PipelineRecipe recipe = PipelineRecipe.seed(seed);
    return recipe
        .withTraining(recipe.training().withEpochs(epochs))
        .withFineTuning(recipe.fineTuning().withEpochs(recipe.fineTuning().epochs() * epochs));
  }

  static int baselineEpochs(int trainingSize) {
    return Math.max(1, (MIN_SAMPLES_SEEN + trainingSize - 1) / Math.max(1, trainingSize));
  }
}
