package io.github.modelbudget.harness.family;

import io.github.modelbudget.harness.format.InvalidModelException;
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

/**
 * Finds the {@code .tflite} files of a folder or a classpath location whose names match glob
 * patterns, and reads them, sorted by file name.
 */
public final class ModelLocations {

  private ModelLocations() {}

  /**
   * Reads the models of a folder whose file names match an {@code include} glob and no {@code
   * exclude} glob.
   *
   * @param directory the folder
   * @param include glob patterns of file names, e.g. {@code *.tflite}
   * @param exclude glob patterns of file names to leave out
   * @return the models, sorted by file name
   * @throws InvalidModelException if the folder is missing, holds no matching file, or a file is
   *     not a valid model
   * @throws IllegalArgumentException if a pattern is not a valid glob
   */
  public static List<TfliteModel> directory(
      Path directory, List<String> include, List<String> exclude) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidModelException(
          directory.toString(),
          "no such folder ("
              + directory.toAbsolutePath().normalize()
              + "): expected a folder of .tflite models; relative paths start at the working"
              + " directory, "
              + Path.of("").toAbsolutePath());
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(Files::isRegularFile)
              .filter(file -> matches(include, exclude, file.getFileName().toString()))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(directory + ": cannot list the folder: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new InvalidModelException(
          directory.toString(), "no model files matching " + describe(include, exclude));
    }
    return files.stream().map(TfliteModel::read).toList();
  }

  /**
   * Reads the models of a classpath folder, in directories or jars, whose file names match.
   *
   * @param location the classpath folder, e.g. {@code models}
   * @param include glob patterns of file names
   * @param exclude glob patterns of file names to leave out
   * @param loader the class loader to look in
   * @return the models, sorted by file name
   * @throws InvalidModelException if there is no such folder, it holds no matching file, or a file
   *     is not a valid model
   */
  public static List<TfliteModel> classpath(
      String location, List<String> include, List<String> exclude, ClassLoader loader) {
    String folder = trimSlashes(location);
    String where = "classpath:" + folder;
    TreeSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> roots = loader.getResources(folder);
      if (!roots.hasMoreElements()) {
        throw new InvalidModelException(
            where,
            "no such folder on the classpath; test resources live under src/test/resources/"
                + folder);
      }
      while (roots.hasMoreElements()) {
        names.addAll(listFolder(roots.nextElement(), folder, where));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(where + ": cannot list: " + e.getMessage(), e);
    }
    List<TfliteModel> models = new ArrayList<>();
    for (String name : names) {
      if (matches(include, exclude, name)) {
        models.add(TfliteModel.fromResource(folder + "/" + name));
      }
    }
    if (models.isEmpty()) {
      throw new InvalidModelException(
          where, "no model files matching " + describe(include, exclude));
    }
    return models;
  }

  private static List<String> listFolder(URL root, String folder, String where) throws IOException {
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
        String prefix = folder + "/";
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
    throw new InvalidModelException(where, "resolves to " + root + ", which cannot be listed");
  }

  private static boolean matches(List<String> include, List<String> exclude, String fileName) {
    Path name = Path.of(fileName);
    return include.stream().anyMatch(glob -> matcher(glob).matches(name))
        && exclude.stream().noneMatch(glob -> matcher(glob).matches(name));
  }

  private static PathMatcher matcher(String glob) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid glob pattern '" + glob + "': " + e.getMessage(), e);
    }
  }

  private static String describe(List<String> include, List<String> exclude) {
    return include + (exclude.isEmpty() ? "" : " and not " + exclude);
  }

  private static String trimSlashes(String location) {
    String trimmed = location.trim();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
