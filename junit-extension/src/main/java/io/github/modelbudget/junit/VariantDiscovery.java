package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Finds and loads the {@code .tflite} files a {@link ModelVariants} declaration names. */
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
    List<TfliteModel> models =
        source.dir().isEmpty() ? fromClasspath(source) : fromDirectory(source);
    if (models.isEmpty()) {
      throw new ExtensionConfigurationException(
          "@ModelVariants found no model files in "
              + source.describe()
              + " matching `include` "
              + source.include()
              + (source.exclude().isEmpty() ? "" : " and not `exclude` " + source.exclude())
              + "; put .tflite files there or fix the patterns");
    }
    List<VariantUnderTest> variants = new ArrayList<>();
    TfliteModel baseline =
        models.stream()
            .filter(m -> m.name().equals(source.baseline()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ExtensionConfigurationException(
                        "@ModelVariants `baseline` is '"
                            + source.baseline()
                            + "' but the variants in "
                            + source.describe()
                            + " are "
                            + models.stream().map(TfliteModel::name).toList()
                            + "; name the baseline file "
                            + source.baseline()
                            + ".tflite or set `baseline`"));
    variants.add(VariantUnderTest.of(baseline, true));
    models.stream()
        .filter(m -> m != baseline)
        .forEach(m -> variants.add(VariantUnderTest.of(m, false)));
    return new VariantSet(source.describe(), variants);
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

  private static List<TfliteModel> fromDirectory(Source source) {
    Path dir = Path.of(source.dir());
    if (!Files.isDirectory(dir)) {
      throw new ExtensionConfigurationException(
          "@ModelVariants `dir` is '"
              + source.dir()
              + "' but "
              + dir.toAbsolutePath().normalize()
              + " is not a directory; paths are relative to the working directory ("
              + Path.of("").toAbsolutePath()
              + ")");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> matches(source, file.getFileName().toString()))
          .sorted(Comparator.comparing(Path::toString))
          .map(VariantDiscovery::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  private static TfliteModel read(Path file) {
    try {
      return TfliteModel.read(file);
    } catch (ModelBudgetException e) {
      throw new ExtensionConfigurationException(
          "@ModelVariants cannot load a variant: " + e.getMessage(), e);
    }
  }

  private static List<TfliteModel> fromClasspath(Source source) {
    String location = trimSlashes(source.classpath());
    TreeSet<String> names = new TreeSet<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Enumeration<URL> roots = loader.getResources(location);
      if (!roots.hasMoreElements()) {
        throw new ExtensionConfigurationException(
            "@ModelVariants `classpath` is '"
                + source.classpath()
                + "' but there is no such folder on the "
                + "classpath; test resources live under src/test/resources/"
                + location);
      }
      while (roots.hasMoreElements()) {
        names.addAll(listFolder(roots.nextElement(), location));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot list classpath:" + location + ": " + e.getMessage(), e);
    }
    List<TfliteModel> models = new ArrayList<>();
    for (String name : names) {
      if (matches(source, name)) {
        try {
          models.add(TfliteModel.fromResource(location + "/" + name));
        } catch (ModelBudgetException e) {
          throw new ExtensionConfigurationException(
              "@ModelVariants cannot load a variant: " + e.getMessage(), e);
        }
      }
    }
    return models;
  }

  private static List<String> listFolder(URL root, String location) throws IOException {
    if ("file".equals(root.getProtocol())) {
      try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
        return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
      } catch (URISyntaxException e) {
        throw new IOException("bad classpath URL " + root, e);
      }
    }
    if ("jar".equals(root.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) root.openConnection();
      connection.setUseCaches(false);
      List<String> names = new ArrayList<>();
      try (JarFile jar = connection.getJarFile()) {
        String prefix = location + "/";
        for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
          String entryName = entry.getName();
          if (!entry.isDirectory()
              && entryName.startsWith(prefix)
              && entryName.indexOf('/', prefix.length()) < 0) {
            names.add(entryName.substring(prefix.length()));
          }
        }
      }
      return names;
    }
    throw new ExtensionConfigurationException(
        "@ModelVariants `classpath` '"
            + location
            + "' resolves to "
            + root
            + ", which cannot be listed");
  }

  private static boolean matches(Source source, String fileName) {
    Path name = Path.of(fileName);
    return source.include().stream().anyMatch(glob -> matcher(glob).matches(name))
        && source.exclude().stream().noneMatch(glob -> matcher(glob).matches(name));
  }

  private static PathMatcher matcher(String glob) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@ModelVariants has an invalid glob pattern '" + glob + "': " + e.getMessage());
    }
  }

  private static String trimSlashes(String location) {
    String trimmed = location;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
