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
 * folder of Quick, Draw! per-class files, a folder with one folder of PNG, JPEG or BMP images per
 * class, or a CSV of {@code file,label} rows. Images are resized to the baseline's input. Every
 * (model, dataset, evaluation settings) triple is evaluated once per JVM, however many tests use
 * it.
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
   * bytes; Quick, Draw! files are already scaled to [0, 1]. For images it multiplies the pixel
   * values (0 to 255) before {@link #mean()} and {@link #std()}; images are resized to the
   * baseline's input (bilinear, half-pixel centres).
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
   * The class names in label order (label 0 first), e.g. {@code {"The Mona Lisa", "The Eiffel
   * Tower"}}: class files and folders are numbered in this order instead of sorted, and arrays'
   * integer labels get these names. Every class needs data and every class file or folder must be
   * named. Empty (the default) numbers the classes as {@link #labelsFile()}, the model's metadata
   * or the data say, in that order.
   *
   * <p>Unlike {@link #classNames()}, which renames the classes after loading, this decides which
   * class file or folder is which label.
   *
   * @return the class names
   * @since 0.2.0
   */
  String[] classes() default {};

  /**
   * A labels file ({@code labels.txt}, one class name a line in label order, as TFLite classifiers
   * ship them), relative to the working directory or, with a {@code classpath:} prefix, on the
   * classpath. Like {@link #classes()}, except that a class need not have data. Without {@link
   * #classes()} or a labels file, the labels file in the baseline's TFLite metadata is used, if it
   * has one. (The attribute {@link #labels()} is the {@code .npz} labels array's key.)
   *
   * @return the path, empty for none
   * @since 0.2.0
   */
  String labelsFile() default "";

  /**
   * Images only: subtracted after {@link #scale()}, one value or one per channel (R, G, B).
   *
   * @return the means, {@code {0}} by default
   * @since 0.2.0
   */
  double[] mean() default {0};

  /**
   * Images only: divided by after {@link #mean()}, one value or one per channel.
   *
   * @return the standard deviations, {@code {1}} by default
   * @since 0.2.0
   */
  double[] std() default {1};

  /**
   * Images only, for a baseline with a {@code UINT8} or {@code INT8} input: feed the pixel values
   * as the model's own quantized values (minus 128 for {@code INT8}), with no normalisation.
   *
   * @return whether to feed raw pixels, {@code false} by default
   * @since 0.2.0
   */
  boolean raw() default false;

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
