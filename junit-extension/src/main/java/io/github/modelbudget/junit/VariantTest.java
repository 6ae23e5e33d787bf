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
 * injected as a {@link ModelUnderTest} parameter. The display name shows the variant: {@code
 * [pruned_quantized] staysWithinBudget()}.
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
   * @return the pattern, {@code "[{variant}] {displayName}"} by default
   */
  String name() default "[" + VARIANT_PLACEHOLDER + "] " + DISPLAY_NAME_PLACEHOLDER;

  /**
   * Whether the baseline itself is one of the invocations.
   *
   * @return {@code true} by default
   */
  boolean includeBaseline() default true;
}
