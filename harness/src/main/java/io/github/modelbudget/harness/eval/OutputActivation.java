package io.github.modelbudget.harness.eval;

/** How to read a classifier's output: as probabilities already, or as logits. */
public enum OutputActivation {
  /**
   * Decide from the values: a one-wide output is a sigmoid probability; a wider output whose rows
   * lie in [0, 1] and sum to 1 (within 10⁻³) holds softmax probabilities, otherwise logits.
   */
  AUTO,
  /** The output holds probabilities: a sigmoid's for one-wide outputs, a softmax's otherwise. */
  PROBABILITIES,
  /**
   * The output holds logits: a sigmoid (one wide) or softmax (wider) turns them into probabilities.
   */
  LOGITS
}
