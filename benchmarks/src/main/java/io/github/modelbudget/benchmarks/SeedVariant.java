package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import java.util.Locale;

/**
 * The seed experiment's four variants of the {@link SeedCnn}: float, dynamic-range quantized,
 * pruned to 80% sparsity per weight tensor, and pruned then quantized. Pruning is one-shot here (no
 * fine-tuning); latency depends on the shapes and types, not on how the zeros came about.
 */
public enum SeedVariant {
  /** The float32 network. */
  BASELINE,
  /** Int8 weights, float activations (hybrid kernels). */
  QUANTIZED,
  /** 80% of each weight tensor's entries set to zero. */
  PRUNED,
  /** Pruned, then quantized. */
  PRUNED_QUANTIZED;

  /** The sparsity of the pruned variants, as the experiment's final sparsity. */
  public static final double SPARSITY = 0.80;

  /**
   * Returns the variant's name in a run record: {@code baseline}, {@code pruned_quantized}, …
   *
   * @return the name
   */
  public String variantName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Builds the variant from the seed CNN with weights from {@code seed}.
   *
   * @param seed the weights' seed
   * @return the model, named by {@link #variantName()}
   */
  public TfliteModel build(long seed) {
    TfliteModel baseline = SeedCnn.model(seed);
    TfliteModel model =
        switch (this) {
          case BASELINE -> baseline;
          case QUANTIZED -> quantize(baseline);
          case PRUNED -> prune(baseline);
          case PRUNED_QUANTIZED -> quantize(prune(baseline));
        };
    return TfliteModel.fromBytes(variantName(), model.bytes());
  }

  private static TfliteModel prune(TfliteModel model) {
    return new OneShotPruner(OneShotPruningOptions.perTensor(SPARSITY)).prune(model).model();
  }

  private static TfliteModel quantize(TfliteModel model) {
    return DynamicRangeQuantizer.withDefaults().quantize(model).model();
  }
}
