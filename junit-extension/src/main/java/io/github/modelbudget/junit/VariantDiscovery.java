package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.family.ModelLocations;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Turns a {@link ModelVariants} declaration into the model family it names. */
final class VariantDiscovery {

  private VariantDiscovery() {}

  /** Makes the generated members of a family from its baseline (once per JVM and settings). */
  interface Generator {
    List<TfliteModel> make(TfliteModel baseline, VariantGeneration generation);
  }

  /**
   * A declaration reduced to what identifies its variants, usable as a cache key: the files, and
   * the variants to make from their baseline, if any.
   */
  record Source(
      String dir,
      String classpath,
      String baseline,
      List<String> include,
      List<String> exclude,
      Optional<VariantGeneration> generated) {

    static Source of(ModelVariants declaration, Optional<VariantGeneration> generated) {
      return new Source(
          declaration.dir().trim(),
          declaration.classpath().trim(),
          declaration.baseline(),
          List.of(declaration.include()),
          List.of(declaration.exclude()),
          generated);
    }

    String describe() {
      return dir.isEmpty()
          ? "classpath:" + classpath
          : Path.of(dir).toAbsolutePath().normalize().toString();
    }
  }

  static VariantSet load(Source source, Generator generator) {
    validate(source);
    List<TfliteModel> files = files(source);
    if (source.generated().isEmpty()) {
      return family(source, files);
    }
    // The family proper is built once, below; only when the baseline is missing is it built here,
    // for its message.
    TfliteModel baseline =
        files.stream()
            .filter(m -> m.name().equals(source.baseline()))
            .findFirst()
            .orElseGet(() -> family(source, files).baseline().model());
    List<TfliteModel> made = generator.make(baseline, source.generated().get());
    Set<String> taken = files.stream().map(TfliteModel::name).collect(Collectors.toSet());
    List<String> clashing = made.stream().map(TfliteModel::name).filter(taken::contains).toList();
    if (!clashing.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@GeneratedVariants would make "
              + clashing
              + " but "
              + source.describe()
              + " has files of that name; rename the files or narrow @ModelVariants `include`");
    }
    List<TfliteModel> members = new ArrayList<>(files);
    members.addAll(made);
    return family(source, members);
  }

  private static VariantSet family(Source source, List<TfliteModel> models) {
    try {
      return new VariantSet(
          source, ModelFamily.named(source.describe(), models, source.baseline()));
    } catch (ModelBudgetException | IllegalArgumentException e) {
      throw cannotLoad(e);
    }
  }

  private static List<TfliteModel> files(Source source) {
    try {
      return source.dir().isEmpty()
          ? ModelLocations.classpath(
              source.classpath(),
              source.include(),
              source.exclude(),
              Thread.currentThread().getContextClassLoader())
          : ModelLocations.directory(Path.of(source.dir()), source.include(), source.exclude());
    } catch (ModelBudgetException | IllegalArgumentException e) {
      throw cannotLoad(e);
    }
  }

  private static ExtensionConfigurationException cannotLoad(RuntimeException e) {
    return new ExtensionConfigurationException(
        "@ModelVariants cannot load its variants: "
            + e.getMessage()
            + "; check `dir` or `classpath`, `include`, `exclude` and `baseline`",
        e);
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
