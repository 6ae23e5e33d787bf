package io.github.modelbudget.junit;

import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.format.TfliteModel;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link ModelVariants}, {@link VariantTest}, {@link Variant} and {@link
 * ModelBudget}.
 *
 * <p>It keeps no state in fields: variant sets are loaded once per JVM and kept in the root {@link
 * ExtensionContext.Store}, keyed by their declaration, so every class and thread shares them.
 * Budgets are parsed once per method before it runs, and gate every variant a test receives: the
 * invocation's variant of a {@code @VariantTest}, and each {@code @Variant} parameter of any test.
 * A budget that can gate nothing is a configuration error, never a silent pass.
 */
class ModelBudgetExtension
    implements TestTemplateInvocationContextProvider,
        ParameterResolver,
        InvocationInterceptor,
        BeforeAllCallback {

  static final Namespace NAMESPACE = Namespace.create(ModelBudgetExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    if (AnnotationSupport.findAnnotation(testClass, ModelBudget.class).isPresent()
        && !gatesAVariant(testClass)) {
      throw new ExtensionConfigurationException(
          "@ModelBudget on class "
              + testClass.getSimpleName()
              + " gates nothing: none of its tests is a @VariantTest or takes a @Variant"
              + " ModelUnderTest parameter");
    }
  }

  private static boolean gatesAVariant(Class<?> type) {
    for (Method method : type.getDeclaredMethods()) {
      if (AnnotationSupport.isAnnotated(method, VariantTest.class)
          || Stream.of(method.getParameters())
              .anyMatch(p -> p.isAnnotationPresent(Variant.class))) {
        return true;
      }
    }
    return Stream.of(type.getDeclaredClasses())
        .filter(inner -> AnnotationSupport.isAnnotated(inner, Nested.class))
        .anyMatch(ModelBudgetExtension::gatesAVariant);
  }

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
    // A bad budget fails here: one failure, no invocation.
    BudgetDeclarations.of(context);
    VariantSet variants = variantSet(context);
    List<FamilyMember> selected =
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
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    gate(invocation, invocationContext, context);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    if (AnnotationSupport.isAnnotated(invocationContext.getExecutable(), VariantTest.class)) {
      // Gated by the invocation's own interceptor, which knows its variant.
      invocation.proceed();
      return;
    }
    gate(invocation, invocationContext, context);
  }

  /** Runs a test that is not a {@code @VariantTest}, then checks its budget on its variants. */
  private static void gate(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    Optional<BudgetDeclarations.Declared> declared = BudgetDeclarations.of(context);
    List<EvaluatedVariant> gated = injectedVariants(invocationContext, List.of());
    if (declared.isPresent() && gated.isEmpty() && declared.get().onMethod()) {
      invocation.skip();
      throw new ExtensionConfigurationException(
          "@ModelBudget on "
              + invocationContext.getExecutable().getName()
              + " gates nothing: the test takes no @Variant ModelUnderTest parameter; make it a"
              + " @VariantTest, or add a parameter such as @Variant(\"quantized\") ModelUnderTest"
              + " model");
    }
    invocation.proceed();
    if (declared.isPresent() && !gated.isEmpty()) {
      BudgetEnforcer.enforce(declared.get().budget(), gated, context);
    }
  }

  /**
   * The {@code @Variant}-annotated arguments of an invocation, after {@code first}, each variant
   * once.
   */
  static List<EvaluatedVariant> injectedVariants(
      ReflectiveInvocationContext<Method> invocationContext, List<EvaluatedVariant> first) {
    List<EvaluatedVariant> gated = new ArrayList<>(first);
    Parameter[] parameters = invocationContext.getExecutable().getParameters();
    List<Object> arguments = invocationContext.getArguments();
    for (int i = 0; i < parameters.length && i < arguments.size(); i++) {
      if (parameters[i].isAnnotationPresent(Variant.class)
          && arguments.get(i) instanceof EvaluatedVariant variant
          && gated.stream().noneMatch(g -> g.member().equals(variant.member()))) {
        gated.add(variant);
      }
    }
    return gated;
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
    FamilyMember variant =
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
    VariantDiscovery.Source source =
        VariantDiscovery.Source.of(declaration, VariantGeneration.find(context));
    // Root store: every class and thread that declares the same variants shares one loaded set,
    // and every declaration with the same baseline and generation settings one generated set.
    ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
    Path variantsDir = ModelBudgetRun.of(context).settings().variantsDir();
    VariantDiscovery.Generator generator =
        (baseline, generation) ->
            root.getOrComputeIfAbsent(
                    new GeneratedKey(baseline.sha256(), generation),
                    key -> new GeneratedModels(generation.make(baseline, variantsDir)),
                    GeneratedModels.class)
                .models();
    return root.getOrComputeIfAbsent(
        source, s -> VariantDiscovery.load(s, generator), VariantSet.class);
  }

  /** The generated members of one baseline (by digest) with one set of generation settings. */
  private record GeneratedKey(String baselineSha256, VariantGeneration generation) {}

  private record GeneratedModels(List<TfliteModel> models) {}

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
