package io.github.modelbudget.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Writes files so that a reader sees the old file or the whole new one, never a part: the content
 * goes to a temporary file in the target's directory, which is then moved into place.
 *
 * <p>Temporary files are created readable by their owner only; before the move the file gets the
 * permissions of the file it replaces, or {@code rw-r--r--} for a new file, as a plain write would
 * give it. Every model, run record and report ModelBudget writes goes through here.
 */
public final class AtomicFiles {

  private static final Set<PosixFilePermission> NEW_FILE =
      PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /**
   * Writes bytes to a file atomically, creating its directory if needed.
   *
   * @param target the file to write
   * @param bytes the content
   * @throws UncheckedIOException if the file cannot be written; no temporary file is left behind
   */
  public static void write(Path target, byte[] bytes) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bytes, "bytes");
    Path absolute = target.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(absolute.getParent());
      temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
      Files.write(temp, bytes);
      copyPermissions(absolute, temp);
      try {
        Files.move(
            temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The move succeeded or the write already failed; a stray temp file is all that is left.
        }
      }
    }
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

  private static void copyPermissions(Path target, Path temp) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    view.setPermissions(Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE);
  }
}
