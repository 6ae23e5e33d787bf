package io.github.modelbudget.optimizer.prune;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.optimizer.train.TrainedModel;
import io.github.modelbudget.optimizer.train.Trainer;
import io.github.modelbudget.optimizer.train.TrainingConfig;
import io.github.modelbudget.optimizer.train.TrainingListener;
import io.github.modelbudget.optimizer.train.TrainingResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Prunes a trained model while fine-tuning it, as tfmot's {@code prune_low_magnitude} followed by
 * {@code strip_pruning}: conv and dense kernels are masked by magnitude on the schedule's steps,
 * masks are applied after every optimizer step, and the result holds plain weights with exact
 * zeros.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.defaults()
 *     .withEpochs(2).withBatchSize(128).withValidationSplit(0.1);
 * PrunedModel pruned = PruningFineTuner.fineTune(
 *     baseline, data, config, PruningFineTuner.seedSchedule(data.size(), config), listener);
 * }</pre>
 *
 * <p>A kernel's final sparsity is the target of the last mask update, rounded by {@link
 * MagnitudeMask#keptCount}. A schedule reaches its final sparsity only if a mask update falls on or
 * after its end step within training (tfmot's {@code frequency} of 100 may stop a little short).
 */
public final class PruningFineTuner {

  private PruningFineTuner() {}

  /**
   * Fine-tunes and prunes a model.
   *
   * @param baseline the trained model to start from
   * @param data the labelled samples, of the model's input shape and class count
   * @param config how to train; the seed drives shuffling and dropout as in {@link Trainer}
   * @param schedule when to update masks and to which sparsity
   * @param listener hears each epoch's metrics
   * @return the stripped, pruned model with its mask updates and history
   * @throws InvalidDataException if the data does not fit the model
   */
  public static PrunedModel fineTune(
      TrainedModel baseline,
      Dataset data,
      TrainingConfig config,
      PruningSchedule schedule,
      TrainingListener listener) {
    Objects.requireNonNull(baseline, "baseline");
    MagnitudePruningHook hook = new MagnitudePruningHook(schedule);
    TrainingResult result = new Trainer(config).fineTune(baseline, data, listener, hook);
    Map<String, float[]> kernels = new LinkedHashMap<>();
    for (String name : result.model().kernelNames()) {
      kernels.put(name, result.model().weight(name).orElseThrow().values());
    }
    TrainedModel stripped = result.model().withWeights(hook.masked(kernels));
    return new PrunedModel(stripped, hook.updates(), result.history());
  }

  /**
   * Returns the seed experiment's schedule: {@code PolynomialDecay(0.50 → 0.80)} from step 0 to
   * {@code ceil(size × (1 - validationSplit) / batchSize) × epochs}, tfmot's power 3 and frequency
   * 100.
   *
   * @param datasetSize the number of samples, validation included
   * @param config the fine-tuning configuration (batch size, epochs, validation split)
   * @return the schedule
   */
  public static PolynomialDecay seedSchedule(int datasetSize, TrainingConfig config) {
    long stepsPerEpoch =
        (long) Math.ceil(datasetSize * (1 - config.validationSplit()) / config.batchSize());
    return PolynomialDecay.of(0.50, 0.80, 0, Math.max(1, stepsPerEpoch * config.epochs()));
  }
}
