package io.github.modelbudget.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A command's outputs that belong together (models, their run record, the report of that record),
 * written into a hidden staging directory inside the output directory and moved into place only
 * when every one of them is complete.
 *
 * <pre>{@code
 * try (StagedDirectory staged = StagedDirectory.in(out)) {
 *   writeEverything(staged.path());   // the slow part: a kill here leaves the old set as it was
 *   staged.commit();                  // one rename per file
 * }
 * }</pre>
 *
 * <p>The staging directory is {@code <out>/.modelbudget-partial-<pid>-<random>}; {@link #close()}
 * deletes it if it was not committed, and one left by a process that was killed outright is deleted
 * by the next {@code in(out)}.
 */
public final class StagedDirectory implements AutoCloseable {

  private static final String PREFIX = AtomicFiles.PARTIAL;

  private final Path target;
  private final Path staging;

  private StagedDirectory(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  /**
   * Creates the output directory if needed and a fresh staging directory inside it.
   *
   * @param target the output directory
   * @return the staging area
   * @throws UncheckedIOException if the directories cannot be created; the message names the output
   *     directory
   */
  public static StagedDirectory in(Path target) {
    Objects.requireNonNull(target, "target");
    Path absolute = target.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
      deleteAbandoned(absolute);
      Path staging =
          absolute.resolve(
              PREFIX
                  + ProcessHandle.current().pid()
                  + "-"
                  + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.createDirectory(staging);
      return new StagedDirectory(absolute, staging);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write to " + target + ": " + InputFiles.describe(e), e);
    }
  }

  /**
   * Returns where to write the outputs.
   *
   * @return the staging directory, never {@code null}
   */
  public Path path() {
    return staging;
  }

  /**
   * Moves every file written at the top of the staging directory into the output directory (in name
   * order, each with {@link AtomicFiles#install}), then deletes the staging directory.
   *
   * @return the files now in the output directory
   * @throws UncheckedIOException if a file cannot be moved
   */
  public List<Path> commit() {
    List<Path> files;
    try (Stream<Path> listing = Files.list(staging)) {
      files = listing.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write to " + target + ": " + InputFiles.describe(e), e);
    }
    List<Path> installed = new ArrayList<>();
    for (Path file : files) {
      Path destination = target.resolve(file.getFileName().toString());
      AtomicFiles.install(file, destination);
      installed.add(destination);
    }
    close();
    return List.copyOf(installed);
  }

  /** Deletes the staging directory and whatever is still in it. */
  @Override
  public void close() {
    deleteTree(staging);
  }

  private static void deleteAbandoned(Path directory) {
    DirectoryStream.Filter<Path> partial =
        entry -> String.valueOf(entry.getFileName()).startsWith(PREFIX) && Files.isDirectory(entry);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, partial)) {
      for (Path entry : entries) {
        AtomicFiles.ownerPid(entry.getFileName().toString().substring(PREFIX.length()))
            .filter(pid -> ProcessHandle.of(pid).isEmpty())
            .ifPresent(pid -> deleteTree(entry));
      }
    } catch (IOException | UncheckedIOException e) {
      // Cleaning up after a killed run is a courtesy; this run goes on.
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      // Left for the next run's deleteAbandoned.
    }
  }
}
