package io.github.modelbudget.optimizer.prune;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link OneShotPruner} did: each pruned weight tensor's sparsity before and after.
 *
 * @param model the name of the model that was pruned
 * @param options the options used
 * @param tensors the pruned weight tensors, in model order
 * @param skipped the weights of prunable operators that were left alone, each with the reason, e.g.
 *     {@code 'conv/filter' of CONV_2D is INT8}
 */
public record OneShotPruningReport(
    String model,
    OneShotPruningOptions options,
    List<TensorSparsity> tensors,
    List<String> skipped) {

  /** Validates and copies. */
  public OneShotPruningReport {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    tensors = List.copyOf(tensors);
    skipped = List.copyOf(skipped);
  }

  /**
   * Returns the fraction of zeros over all pruned tensors together, after pruning.
   *
   * @return a value in [0, 1], 0 when there was nothing to prune
   */
  public double overallSparsity() {
    long elements = tensors.stream().mapToLong(TensorSparsity::elements).sum();
    long zeros = tensors.stream().mapToLong(TensorSparsity::zerosAfter).sum();
    return elements == 0 ? 0 : (double) zeros / elements;
  }

  /**
   * Summarizes the report in a sentence, e.g. for a log or the CLI.
   *
   * @return the summary, never {@code null}
   */
  public String summary() {
    if (tensors.isEmpty()) {
      return model + ": no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED weights to prune";
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%s: pruned %d weight tensors to %.4f sparsity overall (target %.4f, %s)",
            model,
            tensors.size(),
            overallSparsity(),
            options.sparsity(),
            options.scope());
    return skipped.isEmpty() ? summary : summary + "; left alone: " + String.join(", ", skipped);
  }
}
