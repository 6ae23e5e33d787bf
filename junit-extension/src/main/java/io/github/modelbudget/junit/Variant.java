package io.github.modelbudget.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the variant a {@link ModelUnderTest} parameter of a plain test method receives.
 *
 * <pre>{@code
 * @Test
 * void quantizedIsInt8(@Variant("quantized") ModelUnderTest model) {
 *   assertThat(model, hasInt8Weights());
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Variant {

  /**
   * The variant's name: its file name without {@code .tflite}.
   *
   * @return the name
   */
  String value();
}
