package io.github.modelbudget.optimizer.pipeline;

import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.optimizer.prune.PruningFineTuner;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.train.TrainingConfig;
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
