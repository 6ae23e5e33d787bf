package io.github.modelbudget.training.prune;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.optimizer.prune.MagnitudeMask;
import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.optimizer.prune.PruningSchedule;
import io.github.modelbudget.training.train.TrainedModel;
import io.github.modelbudget.training.train.Trainer;
import io.github.modelbudget.training.train.TrainingConfig;
import io.github.modelbudget.training.train.TrainingListener;
import io.github.modelbudget.training.train.TrainingResult;
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
 * PrunedModel pruned = PruningFineTuner.fineTune(
 *     baseline, data, PruningFineTuner.seedFineTuning(),
 *     PruningFineTuner.seedSchedule(data.size()), listener);
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
   * Returns the seed experiment's fine-tuning configuration: 2 epochs with a validation split of
   * 0.1 and otherwise Keras's defaults, batch 32 included (the seed passes {@code batch_size = 128}
   * only to its end-step formula, not to {@code fit}).
   *
   * @return the configuration
   */
  public static TrainingConfig seedFineTuning() {
    return TrainingConfig.defaults().withEpochs(2).withValidationSplit(0.1);
  }

  /**
   * Returns the seed experiment's schedule for a dataset: {@code PolynomialDecay(0.50 → 0.80)} from
   * step 0 to {@code ceil(size × 0.9 / 128) × 2}, tfmot's power 3 and frequency 100.
   *
   * @param datasetSize the number of samples, validation included
   * @return the schedule
   */
  public static PolynomialDecay seedSchedule(int datasetSize) {
    return schedule(datasetSize, 0.1, 128, 2);
  }

  /**
   * Returns the seed's schedule for other training parameters: {@code PolynomialDecay(0.50 → 0.80)}
   * from step 0 to {@code ceil(size × (1 - validationSplit) / batchSize) × epochs}.
   *
   * @param datasetSize the number of samples, validation included
   * @param validationSplit the share held out for validation
   * @param batchSize the batch size of the end-step formula
   * @param epochs the epochs of the end-step formula
   * @return the schedule
   */
  public static PolynomialDecay schedule(
      int datasetSize, double validationSplit, int batchSize, int epochs) {
    long stepsPerEpoch = (long) Math.ceil(datasetSize * (1 - validationSplit) / batchSize);
    return PolynomialDecay.of(0.50, 0.80, 0, Math.max(1, stepsPerEpoch * epochs));
  }
}
