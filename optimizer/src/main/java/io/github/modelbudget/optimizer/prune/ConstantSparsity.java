package io.github.modelbudget.optimizer.prune;

/**
 * One target sparsity throughout, with masks updated at {@code beginStep} and every {@code
 * frequency} steps until {@code endStep} (tfmot's {@code ConstantSparsity}).
 *
 * @param targetSparsity the sparsity, in [0, 1)
 * @param beginStep the first pruning step, not negative
 * @param endStep the last pruning step, or -1 to prune until training ends
 * @param frequency the steps between mask updates, 100 in tfmot
 */
public record ConstantSparsity(double targetSparsity, long beginStep, long endStep, long frequency)
    implements PruningSchedule {

  /** Validates the arguments as tfmot does. */
  public ConstantSparsity {
    PruningSchedule.checkSparsity("targetSparsity", targetSparsity);
    PruningSchedule.checkSteps(beginStep, frequency);
    if (endStep != -1 && endStep < beginStep) {
      throw new IllegalArgumentException(
          "endStep must be -1 or at least beginStep but endStep = "
              + endStep
              + " and beginStep = "
              + beginStep);
    }
  }

  @Override
  public Decision at(long step) {
    return new Decision(
        PruningSchedule.isPruningStep(step, beginStep, endStep, frequency), targetSparsity);
  }

  @Override
  public double finalSparsity() {
    return targetSparsity;
  }
}
