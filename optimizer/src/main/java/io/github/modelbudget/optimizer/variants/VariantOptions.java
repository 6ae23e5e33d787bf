package io.github.modelbudget.optimizer.variants;

import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import java.util.Objects;

/**
 * How {@link StandardVariants} makes the family.
 *
 * @param quantization the dynamic-range quantizer's options, for {@code quantized} and {@code
 *     pruned_quantized}
 * @param pruning the one-shot pruner's options, for {@code pruned} and {@code pruned_quantized}
 */
public record VariantOptions(QuantizationOptions quantization, OneShotPruningOptions pruning) {

  /** The sparsity of {@code pruned} by default. */
  public static final double DEFAULT_SPARSITY = 0.5;

  /** Validates. */
  public VariantOptions {
    Objects.requireNonNull(quantization, "quantization");
    Objects.requireNonNull(pruning, "pruning");
  }

  /**
   * Returns the defaults: today's converter's dynamic-range scheme, 50% per-tensor pruning.
   *
   * @return the options
   */
  public static VariantOptions defaults() {
    return new VariantOptions(
        QuantizationOptions.defaults(), OneShotPruningOptions.perTensor(DEFAULT_SPARSITY));
  }

  /**
   * Returns a copy with other pruning options.
   *
   * @param pruning the pruner's options
   * @return the new options
   */
  public VariantOptions withPruning(OneShotPruningOptions pruning) {
    return new VariantOptions(quantization, pruning);
  }
}
