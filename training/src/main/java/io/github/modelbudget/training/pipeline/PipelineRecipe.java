package io.github.modelbudget.training.pipeline;

import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.training.prune.PruningFineTuner;
import io.github.modelbudget.training.train.TrainingConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link VariantPipeline} makes the four variants of a model.
 *
 * @param training how the baseline is trained
 * @param fineTuning how the pruned variant is fine-tuned from the baseline
 * @param schedule the pruning schedule; empty for the experiment's {@code PolynomialDecay(0.50 →
 *     0.80)} over the first {@code ceil(0.9·N / 128)·E} steps, E being the fine-tuning's epochs (2
 *     in the experiment), see {@link VariantPipeline#defaultSchedule(int, int)}
 * @param quantization how the quantized variants are quantized
 */
public record PipelineRecipe(
    TrainingConfig training,
    TrainingConfig fineTuning,
    Optional<PolynomialDecay> schedule,
    QuantizationOptions quantization) {

  /** The fewest samples the baseline's training sees in {@link #seed(long, int)}. */
  public static final int MIN_SAMPLES_SEEN = 10_000;

  /** Checks for nulls. */
  public PipelineRecipe {
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(fineTuning, "fineTuning");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(quantization, "quantization");
  }

  /**
   * Returns the experiment's recipe: the baseline trained one epoch with Adam and Keras's defaults,
   * pruned while fine-tuned two epochs with a validation split of 0.1, quantized as TFLite 2.21's
   * converter does.
   *
   * @param seed the seed of weight initialisation and shuffling, for both trainings
   * @return the recipe
   */
  public static PipelineRecipe seed(long seed) {
    return new PipelineRecipe(
        TrainingConfig.defaults().withSeed(seed),
        PruningFineTuner.seedFineTuning().withSeed(seed),
        Optional.empty(),
        QuantizationOptions.defaults());
  }

  /**
   * Returns the experiment's recipe scaled to a training set of {@code trainingSize} samples. The
   * experiment trains the baseline one epoch and fine-tunes two, over some 200,000 drawings; on a
   * few hundred samples that is a handful of optimizer steps, too few to learn anything. So both
   * trainings run {@code ceil(}{@value #MIN_SAMPLES_SEEN}{@code / trainingSize)} times as many
   * epochs, so that the baseline sees at least {@value #MIN_SAMPLES_SEEN} samples (counting
   * repeats), keeping the experiment's batch sizes, learning rate, validation split and the
   * one-to-two ratio of the two trainings; the default pruning schedule then ends at the same point
   * of the fine-tuning as in the experiment ({@link VariantPipeline#defaultSchedule(int, int)}). On
   * {@value #MIN_SAMPLES_SEEN} samples or more this is {@link #seed(long)}.
   *
   * @param seed the seed of weight initialisation and shuffling, for both trainings
   * @param trainingSize the number of training samples, at least 1
   * @return the recipe
   * @throws IllegalArgumentException if {@code trainingSize} is less than 1
   */
  public static PipelineRecipe seed(long seed, int trainingSize) {
    if (trainingSize < 1) {
      throw new IllegalArgumentException("trainingSize must be at least 1, got " + trainingSize);
    }
    int scale = (MIN_SAMPLES_SEEN + trainingSize - 1) / trainingSize;
    PipelineRecipe recipe = seed(seed);
    return recipe
        .withTraining(recipe.training().withEpochs(recipe.training().epochs() * scale))
        .withFineTuning(recipe.fineTuning().withEpochs(recipe.fineTuning().epochs() * scale));
  }

  /**
   * Returns a copy with another pruning schedule.
   *
   * @param schedule the schedule
   * @return the new recipe
   */
  public PipelineRecipe withSchedule(PolynomialDecay schedule) {
    return new PipelineRecipe(training, fineTuning, Optional.of(schedule), quantization);
  }

  /**
   * Returns a copy with other training settings for the baseline.
   *
   * @param config the baseline's training
   * @return the new recipe
   */
  public PipelineRecipe withTraining(TrainingConfig config) {
    return new PipelineRecipe(config, fineTuning, schedule, quantization);
  }

  /**
   * Returns a copy with other fine-tuning settings for the pruned variant.
   *
   * @param config the fine-tuning
   * @return the new recipe
   */
  public PipelineRecipe withFineTuning(TrainingConfig config) {
    return new PipelineRecipe(training, config, schedule, quantization);
  }

  /**
   * Returns a copy with other quantization options.
   *
   * @param options the options
   * @return the new recipe
   */
  public PipelineRecipe withQuantization(QuantizationOptions options) {
    return new PipelineRecipe(training, fineTuning, schedule, options);
  }
}
