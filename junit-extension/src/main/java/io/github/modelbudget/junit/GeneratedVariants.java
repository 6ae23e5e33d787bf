package io.github.modelbudget.junit;

import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import io.github.modelbudget.optimizer.search.QuantizationMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes variants of the baseline that {@link ModelVariants} finds, for a user who has only the
 * float model: each quantization mode, each one-shot pruning sparsity and, unless {@link
 * #combine()} is off, each pruned model quantized in each mode. They join the family beside the
 * files and are tested and gated exactly like them.
 *
 * <pre>{@code
 * @ModelVariants(dir = "src/test/resources/models", include = "baseline.tflite")
 * @GeneratedVariants(
 *     quantize = {DYNAMIC, FLOAT16, INT8},
 *     sparsity = {0.5, 0.8},
 *     calibration = @EvaluationData(path = "src/test/resources/data/calibration.npz"))
 * @EvaluationData(path = "src/test/resources/data/test.npz")
 * class MyModelVariantsTest {
 *   @VariantTest
 *   @ModelBudget(maxAccuracyDrop = "1%", maxZipSize = "20 kB")
 *   void fitsTheBudget(ModelUnderTest model) {}
 * }
 * }</pre>
 *
 * <p>The members are named after their recipe: {@code quantized} (dynamic range), {@code float16},
 * {@code int8}, {@code pruned_50}, {@code pruned_50_quantized}, {@code pruned_80_int8} … (a decimal
 * point in a percentage is written {@code p}: {@code pruned_87p5}). Each is made once per JVM for a
 * baseline's digest and these settings, in memory first, then written to {@code
 * target/modelbudget-variants/<digest>-<settings>/<name>.tflite} (configuration parameter {@code
 * modelbudget.variants.dir}), each file atomically, so the report links to real files. The rewrites
 * are the optimizer's ({@code modelbudget quantize} and {@code prune} do the same), which need no
 * TensorFlow Java.
 *
 * <p>Anything that stops a member from being made — {@code INT8} without {@link #calibration()}, a
 * calibration set without {@code INT8}, a baseline that is quantized already, a {@link
 * #keepFloat()} pattern that matches no weight, a generated name that a file of the folder already
 * has — fails the tests that use the variants with the reason, before any runs.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ModelBudgetExtension.class)
public @interface GeneratedVariants {

  /**
   * The quantization modes, each applied to the baseline: {@code DYNAMIC} (int8 weights, float
   * activations), {@code FLOAT16} and {@code INT8} (full integer, float inputs and outputs,
   * calibrated on {@link #calibration()}).
   *
   * @return the modes, none by default
   */
  QuantizationMode[] quantize() default {};

  /**
   * The sparsities of one-shot magnitude pruning, each in (0, 1): {@code 0.5} zeroes half of each
   * prunable weight tensor.
   *
   * @return the sparsities, none by default
   */
  double[] sparsity() default {};

  /**
   * Whether each pruned model is also quantized in each of {@link #quantize()}'s modes ({@code
   * pruned_50_quantized}, …).
   *
   * @return {@code true} by default
   */
  boolean combine() default true;

  /**
   * Whether pruning ranks the magnitudes of all prunable weights together instead of per tensor.
   *
   * @return {@code false} (per tensor, as tfmot prunes) by default
   */
  boolean globalPruning() default false;

  /**
   * The converter generation whose dynamic-range files {@code DYNAMIC} reproduces. Today's ({@code
   * TF_2_21}) quantizes {@code FULLY_CONNECTED} weights per unit and gives a unit that pruning
   * zeroed entirely scale 0, which TFLite 2.21's XNNPACK delegate refuses to prepare; {@code
   * TF_2_8} quantizes them per tensor.
   *
   * @return {@code TF_2_21} by default
   */
  QuantizationScheme scheme() default QuantizationScheme.TF_2_21;

  /**
   * A regular expression on tensor, operator or layer names whose weights every quantized member
   * leaves float (selective quantization); it must match a weight in at least one member.
   *
   * @return the pattern, none by default
   */
  String keepFloat() default "";

  /**
   * The representative inputs that {@code INT8} is calibrated on: one {@link EvaluationData}
   * declaration (its labels are not used). Use data apart from the test set.
   *
   * @return none by default, or exactly one declaration
   */
  EvaluationData[] calibration() default {};
}
