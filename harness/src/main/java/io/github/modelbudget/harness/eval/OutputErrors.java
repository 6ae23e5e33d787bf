package io.github.modelbudget.harness.eval;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The errors of one regression output (or of all outputs together) over a dataset.
 *
 * @param mae the mean absolute error
 * @param rmse the root of the mean squared error
 * @param maxAbsError the largest absolute error
 * @param r2 the coefficient of determination, {@code 1 − SS_res / SS_tot}; empty when the targets
 *     do not vary ({@code SS_tot = 0}), where it is undefined
 */
public record OutputErrors(double mae, double rmse, double maxAbsError, OptionalDouble r2) {

  /** Validates. */
  public OutputErrors {
    Objects.requireNonNull(r2, "r2");
  }
}
