package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.Level;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The limits a model variant must stay within; checked for the variant of each {@link VariantTest}
 * invocation when it runs, so the budget itself is the assertion.
 *
 * <p>Every violated limit is reported in one failure message, with the metric, the limit and the
 * actual value ({@code gzipped size 9.1 kB > 8 kB budget}). Limits at level {@link Level#WARN} are
 * published as report entries and do not fail the test. A limit that cannot be measured (an
 * accuracy drop without evaluation data, a latency that was not measured) is a violation, not a
 * pass.
 *
 * <p>On a class (or a meta-annotation) it applies to every {@code @VariantTest} of the class; on a
 * method it refines the class's budget: the method's limits replace the class's for the same
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
   * #alpha()}.
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
   * The level of every limit of this budget.
   *
   * @return {@link Level#ERROR} by default: violations fail the test
   */
  Level level() default Level.ERROR;
}
