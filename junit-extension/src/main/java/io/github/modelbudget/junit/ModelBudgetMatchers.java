package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Limit;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Interval;
import io.github.modelbudget.harness.eval.SizeRatios;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.OperatorInfo;
import io.github.modelbudget.harness.format.TensorType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * Hamcrest matchers over {@link ModelUnderTest}, {@link EvaluationResult} and {@link Comparison}.
 * Each limit is decided by the harness's {@link BudgetCheck}, as the same {@link ModelBudget} limit
 * is, so the two always agree; their mismatch descriptions show the numbers behind the verdict.
 *
 * <pre>{@code
 * assertThat(model, hasAccuracyAtLeast(0.97));
 * assertThat(model.comparison(), agreesWithBaselineAtLeast(0.99));
 * assertThat(model, smallerThanBaselineBy("45%"));
 * assertThat(model, hasTopKAccuracyAtLeast(5, 0.9));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ModelBudgetMatchers {

  private static final Set<String> WEIGHTED_OPERATORS =
      Set.of("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED");

  private ModelBudgetMatchers() {}

  /**
   * Matches a model whose accuracy on the evaluation data is at least {@code minimum}.
   *
   * @param minimum the lowest accuracy, a fraction
   * @return the matcher, e.g. {@code assertThat(model, hasAccuracyAtLeast(0.97))}
   */
  public static Matcher<ModelUnderTest> hasAccuracyAtLeast(double minimum) {
    return new Feature<>(
        String.format(Locale.ROOT, "a model with accuracy at least %.4f", minimum)) {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        return accuracyAtLeast(model.evaluation(), minimum, mismatch);
      }
    };
  }

  /**
   * Matches an evaluation whose accuracy is at least {@code minimum}.
   *
   * @param minimum the lowest accuracy, a fraction
   * @return the matcher
   */
  public static Matcher<EvaluationResult> accuracyAtLeast(double minimum) {
    return new Feature<>(
        String.format(Locale.ROOT, "an evaluation with accuracy at least %.4f", minimum)) {
      @Override
      protected boolean matchesSafely(EvaluationResult result, Description mismatch) {
        return accuracyAtLeast(result, minimum, mismatch);
      }
    };
  }

  /**
   * Matches a model whose top-k accuracy on the evaluation data is at least {@code minimum}: the
   * share of samples whose true class is among its {@code k} highest scores, a class tied with the
   * true one not pushing it out.
   *
   * @param k how many of the highest scores count, at least 1
   * @param minimum the lowest top-k accuracy, a fraction
   * @return the matcher, e.g. {@code assertThat(model, hasTopKAccuracyAtLeast(5, 0.9))}
   */
  public static Matcher<ModelUnderTest> hasTopKAccuracyAtLeast(int k, double minimum) {
    return new Feature<>(
        String.format(Locale.ROOT, "a model with top-%d accuracy at least %.4f", k, minimum)) {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        return topKAccuracyAtLeast(model.evaluation(), k, minimum, mismatch);
      }
    };
  }

  /**
   * Matches an evaluation whose top-k accuracy is at least {@code minimum}.
   *
   * @param k how many of the highest scores count, at least 1
   * @param minimum the lowest top-k accuracy, a fraction
   * @return the matcher
   */
  public static Matcher<EvaluationResult> topKAccuracyAtLeast(int k, double minimum) {
    return new Feature<>(
        String.format(
            Locale.ROOT, "an evaluation with top-%d accuracy at least %.4f", k, minimum)) {
      @Override
      protected boolean matchesSafely(EvaluationResult result, Description mismatch) {
        return topKAccuracyAtLeast(result, k, minimum, mismatch);
      }
    };
  }

  /**
   * Matches a comparison whose accuracy drop from the baseline is at most {@code maximum}
   * (absolute).
   *
   * @param maximum the largest drop, e.g. 0.005 for half a point
   * @return the matcher
   */
  public static Matcher<Comparison> accuracyDropAtMost(double maximum) {
    return new Feature<>(
        String.format(Locale.ROOT, "an accuracy drop of at most %.4f from the baseline", maximum)) {
      @Override
      protected boolean matchesSafely(Comparison comparison, Description mismatch) {
        return holds(
            Metric.MAX_ACCURACY_DROP,
            Double.toString(maximum),
            Measurements.of(comparison.variantName()).withComparison(comparison),
            mismatch,
            String.format(
                Locale.ROOT,
                "%d right only in the baseline, %d only in '%s'",
                comparison.baselineOnlyCorrect(),
                comparison.variantOnlyCorrect(),
                comparison.variantName()));
      }
    };
  }

  /**
   * Matches a comparison in which the variant predicts the same class as the baseline on at least
   * {@code minimum} of the samples.
   *
   * @param minimum the lowest agreement, a fraction
   * @return the matcher, e.g. {@code assertThat(model.comparison(),
   *     agreesWithBaselineAtLeast(0.99))}
   */
  public static Matcher<Comparison> agreesWithBaselineAtLeast(double minimum) {
    return new Feature<>(
        String.format(Locale.ROOT, "agreement with the baseline of at least %.4f", minimum)) {
      @Override
      protected boolean matchesSafely(Comparison comparison, Description mismatch) {
        return holds(
            Metric.MIN_AGREEMENT,
            Double.toString(minimum),
            Measurements.of(comparison.variantName()).withComparison(comparison),
            mismatch,
            String.format(
                Locale.ROOT,
                "'%s' agreed with '%s' on %.4f (%d of %d samples)",
                comparison.variantName(),
                comparison.baselineName(),
                comparison.agreement(),
                comparison.agreementCount(),
                comparison.sampleCount()));
      }
    };
  }

  /**
   * Matches a model whose gzip size is at most {@code limit}.
   *
   * @param limit a size with a unit: {@code "8 kB"}, {@code "7.5 KiB"}, {@code "14303 B"}
   * @return the matcher
   */
  public static Matcher<ModelUnderTest> gzippedSizeAtMost(String limit) {
    long bytes = (long) Limit.parse(Metric.MAX_GZIP_SIZE, limit).value();
    return new Feature<>("a model whose gzip size is at most " + limit + " (" + bytes + " bytes)") {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        return sizeAtMost(Metric.MAX_GZIP_SIZE, limit, model, model.sizes().gzip(), mismatch);
      }
    };
  }

  /**
   * Matches a model whose ZIP size (the TensorFlow guides' "gzipped size") is at most {@code
   * limit}.
   *
   * @param limit a size with a unit: {@code "8 kB"}, {@code "7.5 KiB"}, {@code "14303 B"}
   * @return the matcher
   */
  public static Matcher<ModelUnderTest> zipSizeAtMost(String limit) {
    long bytes = (long) Limit.parse(Metric.MAX_ZIP_SIZE, limit).value();
    return new Feature<>("a model whose ZIP size is at most " + limit + " (" + bytes + " bytes)") {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        return sizeAtMost(Metric.MAX_ZIP_SIZE, limit, model, model.sizes().zip(), mismatch);
      }
    };
  }

  /**
   * Matches a model whose ZIP size is smaller than the baseline's by at least {@code reduction}.
   *
   * @param reduction {@code "45%"} (at most 55% of the baseline) or {@code "2x"} (at most half)
   * @return the matcher
   */
  public static Matcher<ModelUnderTest> smallerThanBaselineBy(String reduction) {
    Limit.parse(Metric.MIN_SIZE_REDUCTION, reduction);
    return new Feature<>(
        "a model whose ZIP size is at least " + reduction + " smaller than the baseline's") {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        double ratio = SizeRatios.of(model.baselineSizes(), model.sizes()).zip();
        return holds(
            Metric.MIN_SIZE_REDUCTION,
            reduction,
            Measurements.of(model.name())
                .withSizes(model.sizes())
                .withBaselineSizes(model.baselineSizes()),
            mismatch,
            String.format(
                Locale.ROOT,
                "'%s' is %,d bytes, %.1f%% of the baseline's %,d bytes",
                model.name(),
                model.sizes().zip(),
                100 * ratio,
                model.baselineSizes().zip()));
      }
    };
  }

  /**
   * Matches a model in which at least {@code minimum} of the parameters are zero.
   *
   * @param minimum the lowest sparsity, a fraction
   * @return the matcher
   */
  public static Matcher<ModelUnderTest> sparsityAtLeast(double minimum) {
    return new Feature<>(
        String.format(Locale.ROOT, "a model with sparsity at least %.4f", minimum)) {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        ModelInfo info = model.info();
        if (info.sparsity() >= minimum) {
          return true;
        }
        mismatch.appendText(
            String.format(
                Locale.ROOT,
                "'%s' has sparsity %.4f (%,d of %,d parameters are nonzero)",
                model.name(),
                info.sparsity(),
                info.nonzeroParameterCount(),
                info.parameterCount()));
        return false;
      }
    };
  }

  /**
   * Matches a model whose convolution and fully-connected weights are all stored as int8.
   *
   * @return the matcher
   */
  public static Matcher<ModelUnderTest> hasInt8Weights() {
    return new Feature<>(
        "a model whose CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED weights are int8") {
      @Override
      protected boolean matchesSafely(ModelUnderTest model, Description mismatch) {
        List<ConstantTensorInfo> weights = weights(model.info());
        List<String> notInt8 =
            weights.stream()
                .filter(w -> w.type() != TensorType.INT8)
                .map(w -> w.name() + " (" + w.type() + ")")
                .toList();
        if (!weights.isEmpty() && notInt8.isEmpty()) {
          return true;
        }
        mismatch.appendText(
            weights.isEmpty()
                ? "'" + model.name() + "' has no constant weights of those operators"
                : "'"
                    + model.name()
                    + "' has weights that are not int8: "
                    + String.join(", ", notInt8));
        return false;
      }
    };
  }

  private static List<ConstantTensorInfo> weights(ModelInfo info) {
    Set<String> weightTensors = new HashSet<>();
    for (OperatorInfo op : info.operators()) {
      if (WEIGHTED_OPERATORS.contains(op.name()) && op.inputs().size() > 1) {
        weightTensors.add(op.subgraph() + "/" + op.inputs().get(1));
      }
    }
    return info.constants().stream()
        .filter(c -> weightTensors.contains(c.subgraph() + "/" + c.index()))
        .toList();
  }

  private static boolean accuracyAtLeast(
      EvaluationResult result, double minimum, Description mismatch) {
    Interval interval = result.accuracyInterval();
    return holds(
        Metric.MIN_ACCURACY,
        Double.toString(minimum),
        Measurements.of(result.modelName()).withEvaluation(result),
        mismatch,
        String.format(
            Locale.ROOT,
            "accuracy of '%s' was %.4f (95%% CI %.4f–%.4f) on %,d samples",
            result.modelName(),
            result.accuracy(),
            interval.lower(),
            interval.upper(),
            result.sampleCount()));
  }

  private static boolean topKAccuracyAtLeast(
      EvaluationResult result, int k, double minimum, Description mismatch) {
    TopKAccuracy topK = result.topK(k);
    return holds(
        Metric.MIN_TOP_K_ACCURACY,
        Double.toString(minimum),
        Measurements.of(result.modelName()).withEvaluation(result),
        mismatch,
        String.format(
            Locale.ROOT,
            "top-%d accuracy of '%s' was %.4f (95%% CI %.4f–%.4f) over %,d classes",
            k,
            result.modelName(),
            topK.accuracy(),
            topK.interval().lower(),
            topK.interval().upper(),
            result.classNames().size()),
        k);
  }

  private static boolean holds(
      Metric metric, String limit, Measurements measured, Description mismatch, String detail) {
    return holds(metric, limit, measured, mismatch, detail, Budget.DEFAULT_TOP_K);
  }

  /**
   * Checks one limit with the harness's {@link BudgetCheck}, so that a matcher and the same
   * {@code @ModelBudget} limit always agree; on a violation describes it, then {@code detail}.
   */
  private static boolean holds(
      Metric metric,
      String limit,
      Measurements measured,
      Description mismatch,
      String detail,
      int topK) {
    BudgetOutcome outcome =
        BudgetCheck.check(
            Budget.none().with(metric, Limit.parse(metric, limit)).withTopK(topK), measured);
    if (outcome.violations().isEmpty()) {
      return true;
    }
    mismatch.appendText(outcome.violations().get(0).message()).appendText(": ").appendText(detail);
    return false;
  }

  private static boolean sizeAtMost(
      Metric metric, String limit, ModelUnderTest model, long actual, Description mismatch) {
    long over = actual - (long) Limit.parse(metric, limit).value();
    return holds(
        metric,
        limit,
        Measurements.of(model.name()).withSizes(model.sizes()),
        mismatch,
        String.format(Locale.ROOT, "%,d bytes, %,d over", actual, over));
  }

  /**
   * Matches a regression evaluation whose mean absolute error is at most {@code maximum}, in the
   * targets' unit; a classifier's evaluation never matches.
   *
   * @param maximum the largest MAE, e.g. {@code 0.05}
   * @return the matcher, e.g. {@code assertThat(model.evaluation(), maeAtMost(0.05))}
   */
  public static Matcher<EvaluationResult> maeAtMost(double maximum) {
    return new Feature<>(
        String.format(Locale.ROOT, "a regression evaluation with MAE at most %.4g", maximum)) {
      @Override
      protected boolean matchesSafely(EvaluationResult result, Description mismatch) {
        return holds(
            Metric.MAX_MAE,
            Double.toString(maximum),
            Measurements.of(result.modelName()).withEvaluation(result),
            mismatch,
            result
                .regression()
                .map(
                    r ->
                        String.format(
                            Locale.ROOT,
                            "'%s' had RMSE %.4g and max |error| %.4g on %,d samples",
                            result.modelName(),
                            r.rmse(),
                            r.maxAbsError(),
                            r.samples()))
                .orElse("'" + result.modelName() + "' was evaluated as a classifier"));
      }
    };
  }

  /**
   * Matches a regression comparison whose MAE increase over the baseline is at most {@code limit}:
   * a number in the targets' unit ({@code "0.01"}) or a percentage of the baseline's MAE ({@code
   * "10%"}), checked by the same rule as {@code @ModelBudget(maxMaeIncrease = …)}.
   *
   * @param limit the largest increase
   * @return the matcher
   */
  public static Matcher<Comparison> maeIncreaseAtMost(String limit) {
    Limit.parse(Metric.MAX_MAE_INCREASE, limit);
    return new Feature<>("an MAE increase of at most " + limit + " over the baseline") {
      @Override
      protected boolean matchesSafely(Comparison comparison, Description mismatch) {
        return holds(
            Metric.MAX_MAE_INCREASE,
            limit,
            Measurements.of(comparison.variantName()).withComparison(comparison),
            mismatch,
            "'" + comparison.variantName() + "' against '" + comparison.baselineName() + "'");
      }
    };
  }

  /** A matcher whose description is fixed at creation. */
  private abstract static class Feature<T> extends TypeSafeDiagnosingMatcher<T> {
    private final String description;

    Feature(String description) {
      this.description = description;
    }

    @Override
    public void describeTo(Description out) {
      out.appendText(description);
    }
  }
}
