package io.github.modelbudget.junit;

import io.github.modelbudget.harness.eval.OutputActivation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares the labelled data the variants of {@link ModelVariants} are evaluated on.
 *
 * <p>The file's format is recognised by its name (see {@code DatasetFormat} in the harness): a
 * NumPy {@code .npz} with features and labels arrays, an IDX images file with its labels file, a
 * folder of Quick, Draw! per-class files. Every (model, dataset, evaluation settings) triple is
 * evaluated once per JVM, however many tests use it.
 *
 * <p>Give exactly one of {@link #path()} and {@link #classpath()}. Like {@link ModelVariants}, it
 * may be used as a meta-annotation.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ModelBudgetExtension.class)
public @interface EvaluationData {

  /**
   * A data file or a folder of per-class files, relative to the working directory.
   *
   * @return the path, empty when {@link #classpath()} is used
   */
  String path() default "";

  /**
   * A data file on the classpath, e.g. {@code "data/test.npz"}.
   *
   * @return the resource, empty when {@link #path()} is used
   */
  String classpath() default "";

  /**
   * The key of the features array in a {@code .npz} file.
   *
   * @return the key, {@code "x"} by default
   */
  String features() default "x";

  /**
   * The key of the labels array in a {@code .npz} file.
   *
   * @return the key, {@code "y"} by default
   */
  String labels() default "y";

  /**
   * A factor every feature value is multiplied by after loading, e.g. {@code 1 / 255.0} for raw
   * bytes; Quick, Draw! files are already scaled to [0, 1].
   *
   * @return the factor, 1 by default
   */
  double scale() default 1.0;

  /**
   * The names of the classes, in label order; empty to keep the names the data file gives (or the
   * label numbers).
   *
   * @return the class names
   */
  String[] classNames() default {};

  /**
   * The largest number of samples taken from each class file; -1 for all.
   *
   * @return the limit
   */
  int maxSamplesPerClass() default -1;

  /**
   * What the models output: {@code PROBABILITIES}, {@code LOGITS} (a softmax or sigmoid is applied
   * first), or {@code AUTO} to tell from the operator that produces the output ({@code SOFTMAX} or
   * {@code LOGISTIC}, also before a {@code QUANTIZE} or {@code DEQUANTIZE}, give probabilities).
   * The run record says which was used and whether it was stated or inferred.
   *
   * @return the activation, {@code AUTO} by default
   * @since 0.1.0
   */
  OutputActivation activation() default OutputActivation.AUTO;

  /**
   * The task: {@code "classification"} or {@code "regression"} (any case); empty to infer it from
   * the labels array. Integer labels are classes; floating-point labels with a fraction, or several
   * per sample, are regression targets; whole numbers stored as floats are classes unless a model's
   * output width cannot score them (then that model is evaluated as regression). Stating {@code
   * "regression"} reads integer labels as targets; stating {@code "classification"} needs whole,
   * non-negative labels.
   *
   * @return the task, empty by default
   * @since 0.1.0
   */
  String task() default "";
}
