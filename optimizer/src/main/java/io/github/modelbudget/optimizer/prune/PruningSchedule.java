package io.github.modelbudget.optimizer.prune;

/**
 * When pruning masks are updated and to what sparsity, as a function of the training step, with the
 * semantics of the TensorFlow Model Optimization Toolkit's schedules.
 */
public sealed interface PruningSchedule permits PolynomialDecay, ConstantSparsity {

  /**
   * Returns what the schedule says at a training step.
   *
   * @param step the global training step, counted from 0
   * @return whether masks are updated at this step, and the target sparsity
   */
  Decision at(long step);

  /**
   * Returns the sparsity the schedule ends at.
   *
   * @return the final target sparsity in [0, 1)
   */
  double finalSparsity();

  /**
   * What a schedule says at one step.
   *
   * @param updateMasks whether masks are recomputed at this step
   * @param sparsity the target fraction of zero weights at this step
   */
  record Decision(boolean updateMasks, double sparsity) {}

  /**
   * Tells whether a step is a pruning step: inside {@code [begin, end]} (or after {@code begin}
   * when {@code end} is -1) and a multiple of {@code frequency} steps after {@code begin}.
   */
  static boolean isPruningStep(long step, long beginStep, long endStep, long frequency) {
    boolean inRange = step >= beginStep && (endStep == -1 || step <= endStep);
    return inRange && (step - beginStep) % frequency == 0;
  }

  /** Validates a target sparsity: it must be in [0, 1). */
  static void checkSparsity(String name, double sparsity) {
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1) but was " + sparsity);
    }
  }

  /** Validates the steps shared by every schedule. */
  static void checkSteps(long beginStep, long frequency) {
    if (beginStep < 0) {
      throw new IllegalArgumentException("beginStep must not be negative but was " + beginStep);
    }
    if (frequency < 1) {
      throw new IllegalArgumentException("frequency must be at least 1 but was " + frequency);
    }
  }
}
