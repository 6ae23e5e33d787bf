package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.family.ModelLocations;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Turns a {@link ModelVariants} declaration into the model family it names. */
final class VariantDiscovery {

  private VariantDiscovery() {}

  /** A declaration reduced to what identifies its variants, usable as a cache key. */
  record Source(
      String dir, String classpath, String baseline, List<String> include, List<String> exclude) {

    static Source of(ModelVariants declaration) {
      return new Source(
          declaration.dir().trim(),
          declaration.classpath().trim(),
          declaration.baseline(),
          List.of(declaration.include()),
          List.of(declaration.exclude()));
    }

    String describe() {
      return dir.isEmpty()
          ? "classpath:" + classpath
          : Path.of(dir).toAbsolutePath().normalize().toString();
    }
  }

  static VariantSet load(Source source) {
    validate(source);
    try {
      List<TfliteModel> models =
          source.dir().isEmpty()
              ? ModelLocations.classpath(
                  source.classpath(),
                  source.include(),
                  source.exclude(),
                  Thread.currentThread().getContextClassLoader())
              : ModelLocations.directory(Path.of(source.dir()), source.include(), source.exclude());
      return new VariantSet(
          source, ModelFamily.named(source.describe(), models, source.baseline()));
    } catch (ModelBudgetException | IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@ModelVariants cannot load its variants: "
              + e.getMessage()
              + "; check `dir` or `classpath`, `include`, `exclude` and `baseline`",
          e);
    }
  }

  private static void validate(Source source) {
    if (source.dir().isEmpty() == source.classpath().isEmpty()) {
      throw new ExtensionConfigurationException(
          "@ModelVariants needs exactly one of `dir` and `classpath` but "
              + (source.dir().isEmpty() ? "neither is" : "both are")
              + " set");
    }
    if (source.baseline().isBlank()) {
      throw new ExtensionConfigurationException(
          "@ModelVariants `baseline` must name a variant but is blank");
    }
    if (source.include().isEmpty()) {
      throw new ExtensionConfigurationException(
          "@ModelVariants `include` must hold at least one glob pattern");
    }
  }
}
