package io.github.modelbudget.optimizer.search;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link BudgetSearch} tries: every sparsity level with every mode, and for a dynamic or
 * int8 candidate that misses the budget, the same candidate with its 1, 2, … {@code maxKeptFloat}
 * most harmed layers kept float.
 *
 * @param modes the quantization modes
 * @param sparsities one-shot magnitude-pruning levels per tensor, each in [0, 1); 0 prunes nothing
 * @param maxKeptFloat the most layers a candidate keeps float, at least 0
 */
public record SearchSpace(List<QuantizationMode> modes, List<Double> sparsities, int maxKeptFloat) {

  /** Validates and copies. */
  public SearchSpace {
    modes = List.copyOf(modes);
    sparsities = List.copyOf(sparsities);
    for (double s : sparsities) {
      if (!(s >= 0 && s < 1)) {
        throw new IllegalArgumentException("a sparsity must be in [0, 1) but was " + s);
      }
    }
    if (modes.isEmpty() || sparsities.isEmpty() || maxKeptFloat < 0) {
      throw new IllegalArgumentException(
          "a search space needs a mode and a sparsity and maxKeptFloat >= 0; found "
              + modes
              + ", "
              + sparsities
              + ", "
              + maxKeptFloat);
    }
    Objects.requireNonNull(modes, "modes");
  }

  /**
   * Returns every mode, sparsities 0 and 0.5, and up to 3 layers kept float.
   *
   * @return the default space
   */
  public static SearchSpace defaults() {
    return new SearchSpace(List.of(QuantizationMode.values()), List.of(0.0, 0.5), 3);
  }
}
