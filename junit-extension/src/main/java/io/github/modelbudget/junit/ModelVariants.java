package io.github.modelbudget.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares the {@code .tflite} variants of one model that a test class checks: a folder (or
 * classpath location) of model files, one of which is the baseline the others are compared with.
 *
 * <p>Each file matching {@link #include()} and not {@link #exclude()} is a variant, named after its
 * file without {@code .tflite}. {@link VariantTest @VariantTest} methods run once per variant;
 * plain test methods receive one variant through a {@link Variant @Variant} parameter.
 *
 * <p>Give exactly one of {@link #dir()} and {@link #classpath()}. The annotation may be used as a
 * meta-annotation, so that a team declares its models once:
 *
 * <pre>{@code
 * @Retention(RUNTIME)
 * @Target(TYPE)
 * @ModelVariants(dir = "src/test/resources/models", baseline = "baseline")
 * @EvaluationData(path = "src/test/resources/data/test.npz")
 * public @interface QuickDrawModels {}
 * }</pre>
 *
 * <p>Misconfiguration (no folder, no matching files, no baseline among them) fails the tests that
 * use the variants with a message that says what to fix.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(ModelBudgetExtension.class)
public @interface ModelVariants {

  /**
   * A folder of {@code .tflite} files, relative to the working directory (the module's folder under
   * Maven). Empty when {@link #classpath()} is used.
   *
   * @return the folder
   */
  String dir() default "";

  /**
   * A classpath folder of {@code .tflite} files, e.g. {@code "models"}. Empty when {@link #dir()}
   * is used.
   *
   * @return the classpath location
   */
  String classpath() default "";

  /**
   * The name of the baseline variant: its file name without {@code .tflite}.
   *
   * @return the baseline's name, {@code "baseline"} by default
   */
  String baseline() default "baseline";

  /**
   * Glob patterns of the file names to include.
   *
   * @return the patterns, {@code *.tflite} by default
   */
  String[] include() default {"*.tflite"};

  /**
   * Glob patterns of the file names to leave out.
   *
   * @return the patterns, none by default
   */
  String[] exclude() default {};
}
