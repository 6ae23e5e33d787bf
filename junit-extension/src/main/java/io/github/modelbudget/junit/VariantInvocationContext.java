package io.github.modelbudget.junit;

import java.util.List;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a {@link VariantTest} method: its display name and its variant. */
final class VariantInvocationContext implements TestTemplateInvocationContext {

  private final VariantUnderTest variant;
  private final VariantSet variants;
  private final String displayName;

  VariantInvocationContext(
      VariantUnderTest variant, VariantSet variants, String namePattern, String methodDisplayName) {
    this.variant = variant;
    this.variants = variants;
    this.displayName =
        namePattern
            .replace(VariantTest.VARIANT_PLACEHOLDER, variant.name())
            .replace(VariantTest.DISPLAY_NAME_PLACEHOLDER, methodDisplayName);
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    return displayName;
  }

  @Override
  public List<Extension> getAdditionalExtensions() {
    return List.of(
        new VariantParameterResolver(variant, variants), new BudgetEnforcer(variant, variants));
  }

  /**
   * Resolves the un-annotated {@link ModelUnderTest} parameters of the invocation to its variant.
   */
  private record VariantParameterResolver(VariantUnderTest variant, VariantSet variants)
      implements ParameterResolver {

    @Override
    public boolean supportsParameter(
        ParameterContext parameterContext, ExtensionContext extensionContext) {
      return parameterContext.getParameter().getType() == ModelUnderTest.class
          && !parameterContext.isAnnotated(Variant.class);
    }

    @Override
    public Object resolveParameter(
        ParameterContext parameterContext, ExtensionContext extensionContext) {
      return new EvaluatedVariant(variants, variant, extensionContext);
    }
  }
}
