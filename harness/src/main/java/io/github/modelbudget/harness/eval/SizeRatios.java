package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.ModelSizes;

/**
 * A variant's sizes divided by the baseline's: 0.5 means half the size, a 2× reduction.
 *
 * @param raw the ratio of flatbuffer sizes
 * @param gzip the ratio of gzip stream sizes
 * @param zip the ratio of ZIP archive sizes
 */
public record SizeRatios(double raw, double gzip, double zip) {

  /**
   * Divides a variant's sizes by the baseline's.
   *
   * @param baseline the baseline's sizes
   * @param variant the variant's sizes
   * @return the ratios
   */
  public static SizeRatios of(ModelSizes baseline, ModelSizes variant) {
    return new SizeRatios(
        (double) variant.raw() / baseline.raw(),
        (double) variant.gzip() / baseline.gzip(),
        (double) variant.zip() / baseline.zip());
  }
}
