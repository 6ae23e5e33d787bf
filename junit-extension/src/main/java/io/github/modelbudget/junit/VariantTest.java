package io.github.modelbudget.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per model variant of the class's {@link ModelVariants}, with the variant
 * injected as a {@link ModelUnderTest} parameter. Each invocation is named by its variant, {@code
 * [pruned_quantized]}, under the method, as JUnit names a parameterized test's invocations; tools
 * that join the two (Surefire's phrased names, IDEs' flat views) show {@code
 * staysWithinBudget(ModelUnderTest)[pruned_quantized]}.
 *
 * <p>A {@code @ModelBudget} on the method or the class is checked for each variant when its
 * invocation runs; the budget itself is the assertion, so the method body may be empty.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(ModelBudgetExtension.class)
public @interface VariantTest {

  /** Placeholder for the variant's name in {@link #name()}. */
  String VARIANT_PLACEHOLDER = "{variant}";

  /** Placeholder for the method's display name in {@link #name()}. */
  String DISPLAY_NAME_PLACEHOLDER = "{displayName}";

  /**
   * The display name of each invocation.
   *
   * @return the pattern, {@code "[{variant}]"} by default; {@code "[{variant}] {displayName}"}
   *     repeats the method's name in each invocation's
   */
  String name() default "[" + VARIANT_PLACEHOLDER + "]";

  /**
   * Whether the baseline itself is one of the invocations.
   *
   * @return {@code true} by default
   */
  boolean includeBaseline() default true;
}
