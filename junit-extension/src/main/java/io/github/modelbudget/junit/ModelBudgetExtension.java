package io.github.modelbudget.junit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link ModelVariants}, {@link VariantTest} and {@link Variant}.
 *
 * <p>It keeps no state in fields: variant sets are loaded once per JVM and kept in the root {@link
 * ExtensionContext.Store}, keyed by their declaration, so every class and thread shares them.
 */
class ModelBudgetExtension implements TestTemplateInvocationContextProvider, ParameterResolver {

  static final Namespace NAMESPACE = Namespace.create(ModelBudgetExtension.class);

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context
        .getTestMethod()
        .map(m -> AnnotationSupport.isAnnotated(m, VariantTest.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    VariantTest variantTest =
        AnnotationSupport.findAnnotation(method, VariantTest.class).orElseThrow();
    validateName(variantTest);
    VariantSet variants = variantSet(context);
    List<VariantUnderTest> selected =
        variants.variants().stream()
            .filter(v -> variantTest.includeBaseline() || !v.isBaseline())
            .toList();
    if (selected.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@VariantTest on "
              + method.getName()
              + " has no variant to run: `includeBaseline` is false and "
              + variants.location()
              + " holds only the baseline");
    }
    String methodName = context.getDisplayName();
    return selected.stream()
        .map(v -> new VariantInvocationContext(v, variants, variantTest.name(), methodName));
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == ModelUnderTest.class
        && parameterContext.isAnnotated(Variant.class);
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    String name = parameterContext.findAnnotation(Variant.class).orElseThrow().value();
    VariantSet variants = variantSet(extensionContext);
    VariantUnderTest variant =
        variants
            .find(name)
            .orElseThrow(
                () ->
                    new ParameterResolutionException(
                        "@Variant(\""
                            + name
                            + "\") on parameter "
                            + parameterContext.getIndex()
                            + " of "
                            + parameterContext.getDeclaringExecutable().getName()
                            + " names no variant; "
                            + variants.location()
                            + " holds "
                            + variants.names()));
    return new EvaluatedVariant(variants, variant, extensionContext);
  }

  static VariantSet variantSet(ExtensionContext context) {
    ModelVariants declaration =
        findDeclaration(context)
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        "no @ModelVariants on "
                            + context.getRequiredTestClass().getName()
                            + " or its enclosing classes; declare where the .tflite variants are, e.g. "
                            + "@ModelVariants(dir = \"src/test/resources/models\")"));
    VariantDiscovery.Source source = VariantDiscovery.Source.of(declaration);
    // Root store: every class and thread that declares the same variants shares one loaded set.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(source, VariantDiscovery::load, VariantSet.class);
  }

  private static Optional<ModelVariants> findDeclaration(ExtensionContext context) {
    for (Class<?> type = context.getRequiredTestClass();
        type != null;
        type = type.getEnclosingClass()) {
      Optional<ModelVariants> found = AnnotationSupport.findAnnotation(type, ModelVariants.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static void validateName(VariantTest variantTest) {
    if (variantTest.name().isBlank()) {
      throw new ExtensionConfigurationException(
          "@VariantTest `name` must not be blank; use placeholders such as "
              + VariantTest.VARIANT_PLACEHOLDER
              + " and "
              + VariantTest.DISPLAY_NAME_PLACEHOLDER);
    }
  }
}
