package io.github.modelbudget.junit;

import io.github.modelbudget.harness.family.FamilyMember;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/** One invocation of a {@link VariantTest} method: its display name and its variant. */
final class VariantInvocationContext implements TestTemplateInvocationContext {

  private final FamilyMember variant;
  private final VariantSet variants;
  private final String displayName;

  VariantInvocationContext(
      FamilyMember variant, VariantSet variants, String namePattern, String methodDisplayName) {
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
        new VariantParameterResolver(variant, variants), new VariantGate(variant, variants));
  }

  /**
   * Resolves the un-annotated {@link ModelUnderTest} parameters of the invocation to its variant.
   */
  private record VariantParameterResolver(FamilyMember variant, VariantSet variants)
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

  /**
   * Checks the method's budget, parsed before the invocations were made, on the invocation's
   * variant and on any {@code @Variant} parameter, after the body has run.
   */
  private record VariantGate(FamilyMember variant, VariantSet variants)
      implements InvocationInterceptor {

    @Override
    public void interceptTestTemplateMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext context)
        throws Throwable {
      invocation.proceed();
      var declared = BudgetDeclarations.of(context);
      if (declared.isPresent()) {
        List<EvaluatedVariant> gated =
            ModelBudgetExtension.injectedVariants(
                invocationContext, List.of(new EvaluatedVariant(variants, variant, context)));
        BudgetEnforcer.enforce(declared.get().budget(), gated, context);
      }
    }
  }
}
