package io.github.modelbudget.harness.fuzz;

import io.github.modelbudget.harness.data.NpyLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the fuzz targets share: the fuzzing time, small limits and a scratch directory. */
final class FuzzFiles {

  /**
   * How long {@code JAZZER_FUZZ=1} fuzzes each target. Jazzer takes it from the annotation only;
   * raise it here for a longer campaign.
   */
  static final String DURATION = "10s";

  /** Small limits, so the fuzzer reaches the limit checks without allocating gigabytes. */
  static final NpyLimits LIMITS = new NpyLimits(4_096, 1_000_000);

  /** The most drawings a stroke target reads. */
  static final int MAX_DRAWINGS = 64;

  private static final Path DIRECTORY = createDirectory();

  private FuzzFiles() {}

  private static Path createDirectory() {
    try {
      Path directory = Files.createTempDirectory("modelbudget-fuzz");
      directory.toFile().deleteOnExit();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the bytes to a scratch file (the file readers take paths) and returns it. */
  static Path write(String name, byte[] bytes) {
    try {
      Path file = Files.write(DIRECTORY.resolve(name), bytes);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
