package io.github.modelbudget.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees the old file or the whole new one, never a part: the content
 * goes to a temporary file in the target's directory, which is then moved into place.
 *
 * <p>Temporary files are named {@code .<name>.modelbudget-partial-<pid>-<random>} and created
 * readable by their owner only; before the move the file gets the permissions of the file it
 * replaces, or {@code rw-r--r--} for a new file, as a plain write would give it. A temporary file
 * is deleted when the write fails and when the JVM is stopped (SIGTERM, Ctrl-C) during the write;
 * one left by a process that was killed outright is deleted by the next write of the same file.
 *
 * <p>A symbolic link is written through: its target is replaced (atomically, beside the target) and
 * the link stays. A target that exists but is not a regular file is not replaced: a character
 * device or a named pipe ({@code /dev/stdout}, {@code /dev/null}) is written straight into, as a
 * shell's {@code >} would; a directory or a block device is refused. Every model, run record and
 * report ModelBudget writes goes through here.
 */
public final class AtomicFiles {

  /** What marks a temporary file of this class, after the target's name. */
  static final String PARTIAL = ".modelbudget-partial-";

  private static final Set<PosixFilePermission> NEW_FILE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final int MAX_LINKS = 40;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int TYPE_MASK = 0170000;

  private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> IN_PROGRESS.forEach(AtomicFiles::deleteQuietly),
                "modelbudget-partial-file-cleanup"));
  }

  private AtomicFiles() {}

  /**
   * Writes bytes to a file atomically, creating its directory if needed.
   *
   * @param target the file to write
   * @param bytes the content
   * @throws UncheckedIOException if the file cannot be written; the message names the target and
   *     the reason ("permission denied"), and no temporary file is left behind
   */
  public static void write(Path target, byte[] bytes) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bytes, "bytes");
    writeAll(Map.of(target, bytes));
  }

  /**
   * Writes text as UTF-8 to a file atomically, creating its directory if needed.
   *
   * @param target the file to write
   * @param text the content
   * @throws UncheckedIOException if the file cannot be written; no temporary file is left behind
   */
  public static void writeString(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes files that belong together as a set: every content is first written to its temporary
   * file, and only when all of them are complete are they moved into place, one after the other (a
   * rename each, so the window in which some are new and some old is microseconds, not the time it
   * takes to write them). If any content cannot be written, no target is replaced.
   *
   * @param files the targets and their contents, moved into place in the map's order
   * @throws UncheckedIOException if a file cannot be written; no temporary file is left behind
   */
  public static void writeAll(Map<Path, byte[]> files) {
    Map<Path, byte[]> ordered = new LinkedHashMap<>(files);
    List<Staged> staged = new ArrayList<>();
    try {
      for (Map.Entry<Path, byte[]> file : ordered.entrySet()) {
        staged.add(stage(file.getKey(), Objects.requireNonNull(file.getValue(), "bytes")));
      }
      for (Staged file : staged) {
        file.commit();
      }
    } finally {
      for (Staged file : staged) {
        file.discard();
      }
    }
  }

  /**
   * Moves a finished file into place as {@link #write} would put it there: through a symbolic link,
   * keeping the permissions of the file it replaces, atomically where the file system can. A file
   * on another file system is copied beside the target first.
   *
   * @param source the finished file; it is gone afterwards
   * @param target where it belongs
   * @throws UncheckedIOException if it cannot be moved
   */
  public static void install(Path source, Path target) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Destination destination = destination(target);
    if (destination.stream()) {
      try {
        write(target, Files.readAllBytes(source));
        Files.delete(source);
      } catch (IOException e) {
        throw failure(target, e);
      }
      return;
    }
    Path temp = null;
    try {
      Path file = destination.file();
      Files.createDirectories(file.getParent());
      temp = newTemp(file);
      Files.move(source, temp, StandardCopyOption.REPLACE_EXISTING);
      setPermissions(file, temp);
      move(temp, file);
    } catch (IOException e) {
      throw failure(target, e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
        IN_PROGRESS.remove(temp);
      }
    }
  }

  /** A content written to its temporary file, waiting to be moved into place. */
  private record Staged(Path target, Destination destination, Path temp, byte[] streamed) {

    void commit() {
      try {
        if (destination.stream()) {
          try (OutputStream out =
              Files.newOutputStream(
                  destination.file(),
                  StandardOpenOption.WRITE,
                  StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(streamed);
          }
        } else {
          setPermissions(destination.file(), temp);
          move(temp, destination.file());
        }
      } catch (IOException e) {
        throw failure(target, e);
      }
    }

    void discard() {
      if (temp != null) {
        deleteQuietly(temp);
        IN_PROGRESS.remove(temp);
      }
    }
  }

  /**
   * Where a target's content goes: the regular file it is or links to (or will be), or a stream
   * that exists and is written into.
   */
  private record Destination(Path file, boolean stream) {}

  private static Staged stage(Path target, byte[] bytes) {
    Destination destination = destination(target);
    if (destination.stream()) {
      return new Staged(target, destination, null, bytes);
    }
    Path file = destination.file();
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      deleteAbandoned(file);
      temp = newTemp(file);
      Files.write(temp, bytes);
      return new Staged(target, destination, temp, null);
    } catch (IOException e) {
      if (temp != null) {
        deleteQuietly(temp);
        IN_PROGRESS.remove(temp);
      }
      throw failure(target, e);
    }
  }

  private static Destination destination(Path target) {
    Path absolute = target.toAbsolutePath();
    try {
      if (Files.exists(absolute)) {
        if (Files.isDirectory(absolute)) {
          throw new UncheckedIOException(
              "cannot write " + target + ": it is a directory",
              new FileSystemException(target.toString()));
        }
        if (Files.isRegularFile(absolute)) {
          return new Destination(absolute.toRealPath(), false);
        }
        if (isBlockDevice(absolute)) {
          throw new UncheckedIOException(
              "cannot write " + target + ": it is a block device, which is never overwritten",
              new FileSystemException(target.toString()));
        }
        return new Destination(absolute, true);
      }
      // Missing, or a link to something missing: create what the link points to, as '>' would.
      Path current = absolute;
      for (int hops = 0; Files.isSymbolicLink(current); hops++) {
        if (hops == MAX_LINKS) {
          throw new UncheckedIOException(
              "cannot write " + target + ": too many levels of symbolic links",
              new FileSystemException(target.toString()));
        }
        current = current.resolveSibling(Files.readSymbolicLink(current)).normalize();
      }
      return new Destination(current, false);
    } catch (IOException e) {
      throw failure(target, e);
    }
  }

  private static boolean isBlockDevice(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      return (mode & TYPE_MASK) == BLOCK_DEVICE;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Path newTemp(Path file) throws IOException {
    Path temp =
        file.resolveSibling(
            "."
                + file.getFileName()
                + PARTIAL
                + ProcessHandle.current().pid()
                + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    IN_PROGRESS.add(temp);
    try {
      if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(temp);
      }
    } catch (IOException e) {
      IN_PROGRESS.remove(temp);
      throw e;
    }
    return temp;
  }

  /** Deletes the temporary files of this target left by processes that no longer run. */
  private static void deleteAbandoned(Path file) {
    String prefix = "." + file.getFileName() + PARTIAL;
    DirectoryStream.Filter<Path> partial =
        entry -> String.valueOf(entry.getFileName()).startsWith(prefix);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(file.getParent(), partial)) {
      for (Path entry : entries) {
        ownerPid(entry.getFileName().toString().substring(prefix.length()))
            .filter(pid -> ProcessHandle.of(pid).isEmpty())
            .ifPresent(pid -> deleteQuietly(entry));
      }
    } catch (IOException | UncheckedIOException e) {
      // Cleaning up after others is a courtesy; the write itself goes on.
    }
  }

  static Optional<Long> ownerPid(String suffix) {
    int dash = suffix.indexOf('-');
    try {
      return Optional.of(Long.parseLong(dash < 0 ? suffix : suffix.substring(0, dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void move(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    IN_PROGRESS.remove(temp);
  }

  private static void setPermissions(Path target, Path temp) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    view.setPermissions(
        Files.exists(target, LinkOption.NOFOLLOW_LINKS)
            ? Files.getPosixFilePermissions(target)
            : NEW_FILE);
  }

  /** Names the target, never the temporary file, and says why in plain words. */
  static UncheckedIOException failure(Path target, IOException e) {
    String reason;
    if (e instanceof AccessDeniedException denied) {
      Path where = denied.getFile() == null ? null : Path.of(denied.getFile()).getParent();
      reason =
          "permission denied"
              + (where != null
                      && String.valueOf(Path.of(denied.getFile()).getFileName()).contains(PARTIAL)
                  ? " (cannot create a file in " + where + ")"
                  : "");
    } else {
      reason = InputFiles.describe(e);
      if (e instanceof FileSystemException fse
          && fse.getFile() != null
          && !fse.getFile().contains(PARTIAL)
          && !fse.getFile().equals(target.toString())) {
        reason += " (" + fse.getFile() + ")";
      }
    }
    return new UncheckedIOException("cannot write " + target + ": " + reason, e);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // The move succeeded or the write already failed; a stray temp file is all that is left.
    }
  }
}
