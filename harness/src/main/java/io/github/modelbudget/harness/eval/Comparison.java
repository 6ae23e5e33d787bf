package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.ModelSizes;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A variant paired with its baseline on the same samples: how much accuracy moved, whether the move
 * is statistically real, how often the two agree, how far their outputs drift, and how much smaller
 * the variant is.
 *
 * @param baselineName the baseline model's name
 * @param variantName the variant model's name
 * @param sampleCount the number of paired samples
 * @param baselineAccuracy the baseline's accuracy
 * @param variantAccuracy the variant's accuracy
 * @param agreementCount the samples both models assign the same class
 * @param baselineOnlyCorrect the samples the baseline gets right and the variant wrong ({@code b})
 * @param variantOnlyCorrect the samples the variant gets right and the baseline wrong ({@code c})
 * @param mcNemarP the exact two-sided McNemar p-value of {@code b} against {@code c}
 * @param meanAbsOutputDifference the mean of |variant output − baseline output| over all finite
 *     output values (TFLite's {@code inference_diff})
 * @param maxAbsOutputDifference the largest such difference
 * @param sizeRatios the variant's sizes over the baseline's, if sizes were given
 * @param pairedTopK both models' top-k hits and their discordant pairs for every {@code k}; absent
 *     in records written before top-k accuracy was measured
 * @param regression for a regression model, its errors against the baseline's and the paired test;
 *     then the accuracies are NaN, {@code b} and {@code c} are 0, the McNemar p-value is 1, and the
 *     agreement counts the samples within {@link RegressionComparison#agreementTolerance()} of the
 *     baseline's outputs (empty for a classifier and in records written before regression existed)
 */
public record Comparison(
    String baselineName,
    String variantName,
    int sampleCount,
    double baselineAccuracy,
    double variantAccuracy,
    long agreementCount,
    long baselineOnlyCorrect,
    long variantOnlyCorrect,
    double mcNemarP,
    double meanAbsOutputDifference,
    double maxAbsOutputDifference,
    Optional<SizeRatios> sizeRatios,
    Optional<PairedTopK> pairedTopK,
    Optional<RegressionComparison> regression) {

  /** Validates. */
  public Comparison {
    Objects.requireNonNull(baselineName, "baselineName");
    Objects.requireNonNull(variantName, "variantName");
    Objects.requireNonNull(sizeRatios, "sizeRatios");
    pairedTopK = pairedTopK == null ? Optional.empty() : pairedTopK;
    regression = regression == null ? Optional.empty() : regression;
  }

  /**
   * Creates the comparison of two classifiers, without top-k hits.
   *
   * @param baselineName the baseline model's name
   * @param variantName the variant model's name
   * @param sampleCount the number of paired samples
   * @param baselineAccuracy the baseline's accuracy
   * @param variantAccuracy the variant's accuracy
   * @param agreementCount the samples both models assign the same class
   * @param baselineOnlyCorrect the samples the baseline gets right and the variant wrong
   * @param variantOnlyCorrect the samples the variant gets right and the baseline wrong
   * @param mcNemarP the exact two-sided McNemar p-value
   * @param meanAbsOutputDifference the mean |variant output − baseline output|
   * @param maxAbsOutputDifference the largest such difference
   * @param sizeRatios the variant's sizes over the baseline's, if sizes were given
   */
  public Comparison(
      String baselineName,
      String variantName,
      int sampleCount,
      double baselineAccuracy,
      double variantAccuracy,
      long agreementCount,
      long baselineOnlyCorrect,
      long variantOnlyCorrect,
      double mcNemarP,
      double meanAbsOutputDifference,
      double maxAbsOutputDifference,
      Optional<SizeRatios> sizeRatios) {
    this(
        baselineName,
        variantName,
        sampleCount,
        baselineAccuracy,
        variantAccuracy,
        agreementCount,
        baselineOnlyCorrect,
        variantOnlyCorrect,
        mcNemarP,
        meanAbsOutputDifference,
        maxAbsOutputDifference,
        sizeRatios,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns the paired top-k comparison for one {@code k}: both top-k accuracies and McNemar's
   * exact test on the top-k hits.
   *
   * @param k at least 1
   * @return the comparison, or empty for a record written before top-k was measured
   */
  public Optional<TopKComparison> topK(int k) {
    return pairedTopK.map(p -> p.at(k));
  }

  /**
   * Pairs two evaluations on the same dataset.
   *
   * @param baseline the baseline's result
   * @param variant the variant's result
   * @return the comparison, without size ratios
   * @throws IncomparableResultsException if the datasets' digests or the output widths differ
   */
  public static Comparison of(EvaluationResult baseline, EvaluationResult variant) {
    return compare(baseline, variant, Optional.empty());
  }

  /**
   * Pairs two evaluations on the same dataset and relates the models' sizes.
   *
   * @param baseline the baseline's result
   * @param variant the variant's result
   * @param baselineSizes the baseline model's sizes
   * @param variantSizes the variant model's sizes
   * @return the comparison, with size ratios
   * @throws IncomparableResultsException if the datasets' digests or the output widths differ
   */
  public static Comparison of(
      EvaluationResult baseline,
      EvaluationResult variant,
      ModelSizes baselineSizes,
      ModelSizes variantSizes) {
    return compare(baseline, variant, Optional.of(SizeRatios.of(baselineSizes, variantSizes)));
  }

  /**
   * Returns the variant's accuracy minus the baseline's.
   *
   * @return the delta; negative when the variant is worse
   */
  public double accuracyDelta() {
    return variantAccuracy - baselineAccuracy;
  }

  /**
   * Returns the fraction of samples both models assign the same class (top-1 agreement); for
   * regression, the fraction whose every output is within {@link
   * RegressionComparison#agreementTolerance()} of the baseline's.
   *
   * @return the agreement in [0, 1]
   */
  public double agreement() {
    return (double) agreementCount / sampleCount;
  }

  /**
   * Tells whether the accuracy difference is significant at a level.
   *
   * @param alpha the significance level, e.g. 0.05
   * @return {@code true} if {@link #mcNemarP()} is below {@code alpha}
   */
  public boolean significantAt(double alpha) {
    return mcNemarP < alpha;
  }

  /**
   * Says in one phrase how the variant differs from the baseline, e.g. {@code accuracy -0.30 points
   * (McNemar p = 0.62), agreement 99.50%} for a classifier, or {@code MAE 0.050000 -> 0.050045
   * (+0.09%, Wilcoxon signed-rank p = 0.52), agreement 100.00%} for a regression model (agreement
   * within {@link RegressionComparison#agreementTolerance()} of the baseline's outputs).
   *
   * @return the phrase
   */
  public String summary() {
    if (regression.isPresent()) {
      RegressionComparison r = regression.get();
      return String.format(
          Locale.ROOT,
          "MAE %.5g -> %.5g (%+.2f%%, Wilcoxon signed-rank p = %.2g), agreement %.2f%%",
          r.baselineMae(),
          r.variantMae(),
          100 * r.relativeMaeIncrease(),
          r.wilcoxonP(),
          100 * agreement());
    }
    return String.format(
        Locale.ROOT,
        "accuracy %+.2f points (McNemar p = %.2g), agreement %.2f%%",
        100 * accuracyDelta(),
        mcNemarP,
        100 * agreement());
  }

  private static Comparison compare(
      EvaluationResult baseline, EvaluationResult variant, Optional<SizeRatios> ratios) {
    if (!baseline.datasetSha256().equals(variant.datasetSha256())) {
      throw new IncomparableResultsException(
          "cannot compare '"
              + variant.modelName()
              + "' with baseline '"
              + baseline.modelName()
              + "': they were evaluated on different datasets ('"
              + baseline.datasetName()
              + "' sha256 "
              + baseline.datasetSha256()
              + " and '"
              + variant.datasetName()
              + "' sha256 "
              + variant.datasetSha256()
              + "); pair results of the same samples");
    }
    if (baseline.outputWidth() != variant.outputWidth()) {
      throw new IncomparableResultsException(
          "cannot compare '"
              + variant.modelName()
              + "' with baseline '"
              + baseline.modelName()
              + "': the baseline outputs "
              + baseline.outputWidth()
              + " values per sample, the variant "
              + variant.outputWidth());
    }
    if (baseline.task() != variant.task()) {
      throw new IncomparableResultsException(
          "cannot compare '"
              + variant.modelName()
              + "' with baseline '"
              + baseline.modelName()
              + "': the baseline was evaluated as "
              + baseline.task()
              + ", the variant as "
              + variant.task());
    }
    int n = baseline.sampleCount();
    int[] baselineRanks = new int[n];
    int[] variantRanks = new int[n];
    Optional<RegressionComparison> regression =
        baseline.regression().isPresent()
            ? Optional.of(RegressionComparison.of(baseline, variant))
            : Optional.empty();
    long agree = 0;
    long b = 0;
    long c = 0;
    int width = baseline.outputWidth();
    for (int i = 0; regression.isPresent() && i < n; i++) {
      boolean within = true;
      for (int j = 0; j < width && within; j++) {
        double d =
            Math.abs(
                (double) variant.output((long) i * width + j)
                    - baseline.output((long) i * width + j));
        within = d <= regression.get().agreementTolerance();
      }
      agree += within ? 1 : 0;
    }
    for (int i = 0; regression.isEmpty() && i < n; i++) {
      agree += baseline.prediction(i) == variant.prediction(i) ? 1 : 0;
      boolean baseRight = baseline.correct(i);
      boolean variantRight = variant.correct(i);
      b += baseRight && !variantRight ? 1 : 0;
      c += variantRight && !baseRight ? 1 : 0;
      baselineRanks[i] = baseline.trueClassRank(i);
      variantRanks[i] = variant.trueClassRank(i);
    }
    double sum = 0;
    double max = 0;
    long finitePairs = 0;
    long values = (long) n * baseline.outputWidth();
    for (long i = 0; i < values; i++) {
      float x = baseline.output(i);
      float y = variant.output(i);
      if (Float.isFinite(x) && Float.isFinite(y)) {
        double d = Math.abs((double) y - x);
        sum += d;
        max = Math.max(max, d);
        finitePairs++;
      }
    }
    return new Comparison(
        baseline.modelName(),
        variant.modelName(),
        n,
        baseline.accuracy(),
        variant.accuracy(),
        agree,
        b,
        c,
        Statistics.mcNemarExact(b, c),
        finitePairs == 0 ? Double.NaN : sum / finitePairs,
        finitePairs == 0 ? Double.NaN : max,
        ratios,
        regression.isPresent()
            ? Optional.empty()
            : Optional.of(PairedTopK.of(baselineRanks, variantRanks)),
        regression);
  }
}
