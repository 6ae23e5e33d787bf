package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.Level;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits a model variant must stay within, checked after the test body has run, so the budget
 * itself is the assertion. It gates every variant a test receives: the variant of each {@link
 * VariantTest} invocation, and each {@link Variant @Variant}-injected parameter of a plain
 * {@code @Test}. Where it can gate nothing (a method without any variant, a class none of whose
 * tests gets one) it is a configuration error, never a silent pass. It is parsed and validated once
 * per method before any invocation: a bad value is one failure and no invocation.
 *
 * <p>The baseline is held to the absolute limits only (accuracy, sizes, parameters, latency):
 * limits relative to the baseline (an accuracy drop, agreement, a size reduction) are not
 * applicable to it and neither pass nor fail it, the same rule as {@code modelbudget check}.
 *
 * <p>Every violated limit is reported in one failure message, with the metric, the limit and the
 * actual value ({@code gzipped size 9.1 kB > 8 kB budget}). Limits at level {@link Level#WARN} are
 * published as report entries and do not fail the test. A limit that cannot be measured (an
 * accuracy drop without evaluation data, a latency that was not measured) is a violation, not a
 * pass.
 *
 * <p>On a class (or a meta-annotation) it applies to every test of the class that gets a variant;
 * on a method it refines the class's budget: the method's limits replace the class's for the same
 * metric, the others are kept. Unset attributes ({@code NaN}, {@code ""}, {@code -1}) add no limit.
 *
 * <pre>{@code
 * @VariantTest
 * @ModelBudget(minAccuracy = 0.97, maxAccuracyDrop = 0.005, maxGzipSize = "8 kB")
 * void staysWithinBudget(ModelUnderTest model) {}
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(ModelBudgetExtension.class)
public @interface ModelBudget {

  /**
   * The lowest accuracy, a fraction in [0, 1].
   *
   * @return the limit, unset by default
   */
  double minAccuracy() default Double.NaN;

  /**
   * The largest drop in accuracy from the baseline, in absolute terms (0.005 is half a point).
   *
   * @return the limit, unset by default
   */
  double maxAccuracyDrop() default Double.NaN;

  /**
   * The largest drop in accuracy from the baseline, relative to the baseline's accuracy.
   *
   * @return the limit, unset by default
   */
  double maxRelativeAccuracyDrop() default Double.NaN;

  /**
   * Whether an accuracy drop counts only when McNemar's test finds it significant at {@link
   * #alpha()}, and a regression error increase only when the Wilcoxon signed-rank test on the
   * paired per-sample absolute errors does.
   *
   * @return {@code false} by default: every drop over the limit counts
   */
  boolean significantDropsOnly() default false;

  /**
   * The significance level of accuracy drops.
   *
   * @return the level, unset by default (the {@code modelbudget.alpha} setting, 0.05)
   */
  double alpha() default Double.NaN;

  /**
   * The largest gzip size, with a unit: {@code "8 kB"}, {@code "7.5 KiB"}, {@code "14303 B"}.
   *
   * @return the limit, unset by default
   */
  String maxGzipSize() default "";

  /**
   * The largest ZIP size (the TensorFlow guides' "gzipped size"), with a unit.
   *
   * @return the limit, unset by default
   */
  String maxZipSize() default "";

  /**
   * The smallest reduction of the ZIP size from the baseline's: {@code "45%"} or {@code "2x"}.
   *
   * @return the limit, unset by default
   */
  String minSizeReduction() default "";

  /**
   * The lowest agreement with the baseline's predictions, a fraction in [0, 1].
   *
   * @return the limit, unset by default
   */
  double minAgreement() default Double.NaN;

  /**
   * The largest number of nonzero parameters.
   *
   * @return the limit, unset by default
   */
  long maxNonzeroParameters() default -1;

  /**
   * The largest median latency of one invocation, with a unit: {@code "2 ms"}, {@code "800 us"}.
   * The latency is measured once per model and JVM, benchmark_model-style, with the {@code
   * modelbudget.latency.*} settings (one interpreter thread, XNNPACK on, 200 timed runs by
   * default), and recorded with those settings in the run record.
   *
   * @return the limit, unset by default
   */
  String maxLatencyP50() default "";

  /**
   * The largest 95th-percentile latency of one invocation, with a unit; measured as for {@link
   * #maxLatencyP50()}.
   *
   * @return the limit, unset by default
   */
  String maxLatencyP95() default "";

  /**
   * The level of every limit of this budget.
   *
   * @return {@link Level#ERROR} by default: violations fail the test
   */
  Level level() default Level.ERROR;

  /**
   * The lowest top-k accuracy, a fraction in [0, 1]: the share of samples whose true class is among
   * the model's {@link #topK()} highest scores (a class tied with the true one does not push it
   * out).
   *
   * @return the limit, unset by default
   */
  double minTopKAccuracy() default Double.NaN;

  /**
   * The largest drop in top-k accuracy from the baseline, in absolute terms; with {@link
   * #significantDropsOnly()} it counts only when McNemar's test on the top-k hits finds it
   * significant at {@link #alpha()}.
   *
   * @return the limit, unset by default
   */
  double maxTopKAccuracyDrop() default Double.NaN;

  /**
   * The {@code k} of {@link #minTopKAccuracy()} and {@link #maxTopKAccuracyDrop()}, at least 1.
   *
   * @return unset ({@code -1}) by default: the class's {@code topK}, else 5
   */
  int topK() default -1;

  /**
   * The largest mean absolute error of a regression model, in the targets' unit: {@code "0.05"}.
   * Empty for no limit.
   *
   * @return the limit
   * @since 0.1.0
   */
  String maxMae() default "";

  /**
   * The largest root mean squared error of a regression model, in the targets' unit.
   *
   * @return the limit
   * @since 0.1.0
   */
  String maxRmse() default "";

  /**
   * The largest absolute error of a regression model on any output of any sample.
   *
   * @return the limit
   * @since 0.1.0
   */
  String maxMaxError() default "";

  /**
   * The largest increase of the MAE over the baseline's: a number in the targets' unit ({@code
   * "0.01"}) or a percentage of the baseline's MAE ({@code "10%"}). With {@link
   * #significantDropsOnly()} an increase over it fails only when the Wilcoxon signed-rank test on
   * the paired per-sample absolute errors finds it significant. Not applicable to the baseline.
   *
   * @return the limit
   * @since 0.1.0
   */
  String maxMaeIncrease() default "";

  /**
   * The largest increase of the RMSE over the baseline's, absolute or as a percentage.
   *
   * @return the limit
   * @since 0.1.0
   */
  String maxRmseIncrease() default "";

  /**
   * The largest increase of the max absolute error over the baseline's, absolute or as a
   * percentage.
   *
   * @return the limit
   * @since 0.1.0
   */
  String maxMaxErrorIncrease() default "";
}
