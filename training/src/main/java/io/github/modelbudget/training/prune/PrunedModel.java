package io.github.modelbudget.training.prune;

import io.github.modelbudget.optimizer.prune.MaskUpdate;
import io.github.modelbudget.training.train.EpochMetrics;
import io.github.modelbudget.training.train.TrainedModel;
import io.github.modelbudget.training.train.WeightTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of pruning during fine-tuning, already stripped: plain weights in which pruned kernel
 * entries are exactly zero, ready to export or quantize.
 *
 * @param model the stripped model
 * @param updates every mask update, in order
 * @param history the fine-tuning metrics of every epoch
 */
public record PrunedModel(
    TrainedModel model, List<MaskUpdate> updates, List<EpochMetrics> history) {

  /** Validates and copies. */
  public PrunedModel {
    Objects.requireNonNull(model, "model");
    updates = List.copyOf(updates);
    history = List.copyOf(history);
  }

  /**
   * Returns the share of exact zeros in every kernel.
   *
   * @return sparsity by kernel name, in layer order
   */
  public Map<String, Double> kernelSparsity() {
    Map<String, Double> sparsity = new LinkedHashMap<>();
    for (WeightTensor weight : model.weights()) {
      if (weight.isKernel()) {
        sparsity.put(weight.name(), weight.sparsity());
      }
    }
    return sparsity;
  }
}
