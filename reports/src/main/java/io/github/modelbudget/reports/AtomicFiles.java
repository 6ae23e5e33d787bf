package io.github.modelbudget.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes text files so that a reader sees the old file or the whole new one, never a part. */
final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Writes text to a temporary file in the target's directory, then moves it into place.
   *
   * @param target the file to write; its directory is created if needed
   * @param text the content, written as UTF-8
   * @throws UncheckedIOException if the file cannot be written; no temporary file is left behind
   */
  static void write(Path target, String text) {
    Path absolute = target.toAbsolutePath();
    Path temp = null;
    try {
      Files.createDirectories(absolute.getParent());
      temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
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
}
