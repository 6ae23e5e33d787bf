package io.github.modelbudget.harness.runtime;

/**
 * How an interpreter runs a model once its delegates are applied: how many of the model's operators
 * a delegate (XNNPACK, by default) took over, and in how many partitions. TFLite replaces each
 * connected group of operators a delegate supports by one delegate kernel; the rest run on TFLite's
 * own kernels.
 *
 * @param operators the operators of the model's main subgraph
 * @param delegatedOperators how many of them a delegate runs, from 0 to {@code operators}
 * @param delegatePartitions the delegate kernels that replaced them
 */
public record ExecutionPlan(int operators, int delegatedOperators, int delegatePartitions) {

  /** Validates. */
  public ExecutionPlan {
    if (operators < 0
        || delegatedOperators < 0
        || delegatedOperators > operators
        || delegatePartitions < 0
        || delegatePartitions > delegatedOperators) {
      throw new IllegalArgumentException(
          "an execution plan needs 0 <= partitions <= delegated <= operators but has "
              + delegatePartitions
              + " partitions, "
              + delegatedOperators
              + " delegated and "
              + operators
              + " operators");
    }
  }

  /**
   * Returns the operators TFLite's own kernels run.
   *
   * @return {@code operators - delegatedOperators}
   */
  public int undelegatedOperators() {
    return operators - delegatedOperators;
  }
}
