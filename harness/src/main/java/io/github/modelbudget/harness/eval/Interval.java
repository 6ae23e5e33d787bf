package io.github.modelbudget.harness.eval;

/**
 * A closed interval of a proportion, such as a confidence interval of an accuracy.
 *
 * @param lower the lower bound
 * @param upper the upper bound, not below {@code lower}
 */
public record Interval(double lower, double upper) {

  /** Validates. */
  public Interval {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException("lower " + lower + " is above upper " + upper);
    }
  }

  /**
   * Tells whether a value lies in the interval, bounds included.
   *
   * @param value the value
   * @return {@code true} if {@code lower <= value <= upper}
   */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
