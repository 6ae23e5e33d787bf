package io.github.modelbudget.optimizer.prune;

/**
 * Sparsity that rises from {@code initialSparsity} to {@code finalSparsity} between two steps along
 * a polynomial, fast at first and slowly at the end (tfmot's {@code PolynomialDecay}):
 *
 * <pre>
 * p        = clamp((step - beginStep) / (endStep - beginStep), 0, 1)
 * sparsity = finalSparsity + (initialSparsity - finalSparsity) * (1 - p)^power
 * </pre>
 *
 * <p>Masks are updated at {@code beginStep} and every {@code frequency} steps after it, up to and
 * including {@code endStep}.
 *
 * @param initialSparsity the sparsity at {@code beginStep}, in [0, 1)
 * @param finalSparsity the sparsity from {@code endStep} on, in [0, 1)
 * @param beginStep the first pruning step, not negative
 * @param endStep the last pruning step, after {@code beginStep}
 * @param power the exponent of the decay, 3 in tfmot
 * @param frequency the steps between mask updates, 100 in tfmot
 */
public record PolynomialDecay(
    double initialSparsity,
    double finalSparsity,
    long beginStep,
    long endStep,
    double power,
    long frequency)
    implements PruningSchedule {

  /** Validates the arguments as tfmot does, and also rejects {@code endStep <= beginStep}. */
  public PolynomialDecay {
    PruningSchedule.checkSparsity("initialSparsity", initialSparsity);
    PruningSchedule.checkSparsity("finalSparsity", finalSparsity);
    PruningSchedule.checkSteps(beginStep, frequency);
    if (endStep <= beginStep) {
      throw new IllegalArgumentException(
          "endStep must be after beginStep but endStep = "
              + endStep
              + " and beginStep = "
              + beginStep);
    }
    if (!(power > 0) || Double.isInfinite(power)) {
      throw new IllegalArgumentException("power must be positive and finite but was " + power);
    }
  }

  /**
   * Returns tfmot's defaults: power 3, a mask update every 100 steps.
   *
   * @param initialSparsity the sparsity at {@code beginStep}
   * @param finalSparsity the sparsity from {@code endStep} on
   * @param beginStep the first pruning step
   * @param endStep the last pruning step
   * @return the schedule
   */
  public static PolynomialDecay of(
      double initialSparsity, double finalSparsity, long beginStep, long endStep) {
    return new PolynomialDecay(initialSparsity, finalSparsity, beginStep, endStep, 3, 100);
  }

  @Override
  public Decision at(long step) {
    double p = Math.min(1.0, Math.max(0.0, (double) (step - beginStep) / (endStep - beginStep)));
    double sparsity = finalSparsity + (initialSparsity - finalSparsity) * Math.pow(1 - p, power);
    return new Decision(
        PruningSchedule.isPruningStep(step, beginStep, endStep, frequency), sparsity);
  }
}
