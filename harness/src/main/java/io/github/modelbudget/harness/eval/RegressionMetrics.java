package io.github.modelbudget.harness.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How far a regression model's outputs are from the targets: mean absolute error with a 95%
 * interval, root mean squared error, the largest absolute error and R², overall and per output.
 *
 * <p>Overall figures pool every output value of every sample: the MAE is the mean of all {@code N ×
 * k} absolute errors, the RMSE the root of the mean of all squared errors, and R² is {@code 1 −
 * ΣSS_res / ΣSS_tot} with each output's total sum of squares taken around its own mean (the
 * "variance-weighted" R² of scikit-learn); with one output the overall figures are that output's.
 *
 * <p>The MAE interval is the normal approximation on the per-sample absolute errors (each sample's
 * mean over its outputs): {@code MAE ± 1.96 · s / √N} with {@code s} their sample standard
 * deviation, the lower bound clipped at 0. It needs no resampling and is accurate for the hundreds
 * of samples or more that test sets have; for a handful of samples it is only a guide.
 *
 * <p>An output that is NaN or infinite has an infinite error, so that it fails every error budget
 * instead of vanishing from the mean.
 *
 * @param samples the number of samples
 * @param outputs the number of outputs per sample
 * @param overall the errors over all outputs
 * @param maeInterval the 95% interval of the overall MAE
 * @param perOutput the errors of each output, in output order
 */
public record RegressionMetrics(
    int samples,
    int outputs,
    OutputErrors overall,
    Interval maeInterval,
    List<OutputErrors> perOutput) {

  /** Validates and copies. */
  public RegressionMetrics {
    Objects.requireNonNull(overall, "overall");
    Objects.requireNonNull(maeInterval, "maeInterval");
    perOutput = List.copyOf(perOutput);
  }

  /**
   * Computes the metrics of outputs against targets.
   *
   * @param predicted {@code N × width} model outputs, row-major
   * @param targets {@code N × width} targets, row-major
   * @param width the outputs per sample, at least 1
   * @return the metrics
   * @throws IllegalArgumentException if the lengths differ or are not whole samples
   */
  public static RegressionMetrics of(float[] predicted, float[] targets, int width) {
    return of(OutputStore.of(predicted), targets, width);
  }

  static RegressionMetrics of(OutputStore predicted, float[] targets, int width) {
    if (width < 1 || predicted.size() != targets.length || targets.length % width != 0) {
      throw new IllegalArgumentException(
          predicted.size()
              + " outputs and "
              + targets.length
              + " targets are not whole samples of "
              + width);
    }
    int n = targets.length / width;
    double[] sumAbs = new double[width];
    double[] sumSq = new double[width];
    double[] max = new double[width];
    double[] sumTarget = new double[width];
    double[] perSample = new double[n];
    for (int i = 0; i < n; i++) {
      double sampleAbs = 0;
      for (int j = 0; j < width; j++) {
        double error = absError(predicted.get(i * width + j), targets[i * width + j]);
        sumAbs[j] += error;
        sumSq[j] += error * error;
        max[j] = Math.max(max[j], error);
        sumTarget[j] += targets[i * width + j];
        sampleAbs += error;
      }
      perSample[i] = sampleAbs / width;
    }
    double[] ssTot = new double[width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        double d = targets[i * width + j] - sumTarget[j] / n;
        ssTot[j] += d * d;
      }
    }
    List<OutputErrors> perOutput = new ArrayList<>(width);
    double totalAbs = 0;
    double totalSq = 0;
    double totalMax = 0;
    double totalSsTot = 0;
    for (int j = 0; j < width; j++) {
      perOutput.add(
          new OutputErrors(sumAbs[j] / n, Math.sqrt(sumSq[j] / n), max[j], r2(sumSq[j], ssTot[j])));
      totalAbs += sumAbs[j];
      totalSq += sumSq[j];
      totalMax = Math.max(totalMax, max[j]);
      totalSsTot += ssTot[j];
    }
    long values = (long) n * width;
    OutputErrors overall =
        new OutputErrors(
            totalAbs / values, Math.sqrt(totalSq / values), totalMax, r2(totalSq, totalSsTot));
    return new RegressionMetrics(n, width, overall, maeInterval(perSample), perOutput);
  }

  /**
   * Returns the mean absolute error over all outputs.
   *
   * @return the MAE
   */
  public double mae() {
    return overall.mae();
  }

  /**
   * Returns the root mean squared error over all outputs.
   *
   * @return the RMSE
   */
  public double rmse() {
    return overall.rmse();
  }

  /**
   * Returns the largest absolute error of any output.
   *
   * @return the max error
   */
  public double maxAbsError() {
    return overall.maxAbsError();
  }

  /**
   * Returns R² over all outputs.
   *
   * @return R², or empty if the targets do not vary
   */
  public OptionalDouble r2() {
    return overall.r2();
  }

  /**
   * Returns each sample's absolute error: the mean over its outputs of |output − target|, the
   * quantity the paired test compares between a variant and its baseline.
   *
   * @param predicted {@code N × width} model outputs
   * @param targets {@code N × width} targets
   * @param width the outputs per sample
   * @return one error per sample
   */
  static double[] sampleErrors(OutputStore predicted, float[] targets, int width) {
    int n = targets.length / width;
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < width; j++) {
        sum += absError(predicted.get(i * width + j), targets[i * width + j]);
      }
      errors[i] = sum / width;
    }
    return errors;
  }

  private static double absError(float output, float target) {
    return Float.isFinite(output) ? Math.abs((double) output - target) : Double.POSITIVE_INFINITY;
  }

  private static OptionalDouble r2(double ssRes, double ssTot) {
    return ssTot > 0 ? OptionalDouble.of(1 - ssRes / ssTot) : OptionalDouble.empty();
  }

  private static Interval maeInterval(double[] perSample) {
    int n = perSample.length;
    double mean = 0;
    for (double e : perSample) {
      mean += e;
    }
    mean /= n;
    if (!Double.isFinite(mean)) {
      return new Interval(mean, mean);
    }
    double ss = 0;
    for (double e : perSample) {
      ss += (e - mean) * (e - mean);
    }
    double halfWidth = n < 2 ? 0 : Statistics.Z_95 * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    return new Interval(Math.max(0, mean - halfWidth), mean + halfWidth);
  }
}
