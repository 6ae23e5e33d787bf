package io.github.modelbudget.optimizer.variants;

import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link StandardVariants} makes the family.
 *
 * @param quantization the dynamic-range quantizer's options, for {@code quantized} and {@code
 *     pruned_quantized}
 * @param pruning the one-shot pruner's options, for {@code pruned} and {@code pruned_quantized}
 * @param keepFloat the weights every quantized member ({@code quantized}, {@code float16}, {@code
 *     pruned_quantized}) leaves float, if any
 */
public record VariantOptions(
    QuantizationOptions quantization,
    OneShotPruningOptions pruning,
    Optional<WeightFilter> keepFloat) {

  /** The sparsity of {@code pruned} by default. */
  public static final double DEFAULT_SPARSITY = 0.5;

  /** Validates. */
  public VariantOptions {
    Objects.requireNonNull(quantization, "quantization");
    Objects.requireNonNull(pruning, "pruning");
    Objects.requireNonNull(keepFloat, "keepFloat");
  }

  /**
   * Returns the defaults: today's converter's dynamic-range scheme, 50% per-tensor pruning, nothing
   * kept float.
   *
   * @return the options
   */
  public static VariantOptions defaults() {
    return new VariantOptions(
        QuantizationOptions.defaults(),
        OneShotPruningOptions.perTensor(DEFAULT_SPARSITY),
        Optional.empty());
  }

  /**
   * Returns a copy with other pruning options.
   *
   * @param pruning the pruner's options
   * @return the new options
   */
  public VariantOptions withPruning(OneShotPruningOptions pruning) {
    return new VariantOptions(quantization, pruning, keepFloat);
  }

  /**
   * Returns a copy that keeps the weights a filter picks float in every quantized member.
   *
   * @param keepFloat the keep-float filter, or empty for none
   * @return the new options
   */
  public VariantOptions withKeepFloat(Optional<WeightFilter> keepFloat) {
    return new VariantOptions(quantization, pruning, keepFloat);
  }
}
