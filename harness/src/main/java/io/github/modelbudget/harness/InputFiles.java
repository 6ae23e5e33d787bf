package io.github.modelbudget.harness;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.zip.ZipException;

/**
 * The checks every reader of an input file (model, dataset, class file, budget) makes before it
 * opens the file, and the plain words it uses for I/O errors.
 *
 * <p>Inputs are regular files only: a named pipe would block the reader until something writes to
 * it (forever, in CI), and a device such as {@code /dev/zero} never ends. Symbolic links are
 * followed. The messages never carry a Java class name.
 */
public final class InputFiles {

  // The file-type bits of st_mode (sys/stat.h), read through the "unix:mode" attribute.
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  private InputFiles() {}

  /**
   * Says why a file cannot be read as an input, if it cannot.
   *
   * @param file the file
   * @return empty for a regular file (or a link to one) that exists; otherwise what it is instead,
   *     e.g. "no such file" or "not a regular file: it is a named pipe (FIFO) …"
   */
  public static Optional<String> problem(Path file) {
    Objects.requireNonNull(file, "file");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.of(describe(e));
    }
    if (attributes.isRegularFile()) {
      return Optional.empty();
    }
    if (attributes.isDirectory()) {
      return Optional.of("it is a directory, not a file");
    }
    return Optional.of(
        "not a regular file: it is "
            + specialKind(file)
            + "; inputs are read from regular files only (copy the content to a file first)");
  }

  /**
   * Checks that a file is a regular file (or a link to one) before it is opened.
   *
   * @param <X> the reader's own exception type
   * @param file the file
   * @param error makes the reader's exception from the problem, e.g. {@code problem -> new
   *     InvalidDataException(file.toString(), problem)}
   * @throws X if the file is missing or is not a regular file
   */
  public static <X extends RuntimeException> void requireRegularFile(
      Path file, Function<String, X> error) {
    Optional<String> problem = problem(file);
    if (problem.isPresent()) {
      throw error.apply(problem.get());
    }
  }

  /**
   * Reads a small text input (a budget, a class list) as UTF-8, refusing special files and files
   * larger than {@code maxBytes} before reading them.
   *
   * @param <X> the reader's own exception type
   * @param file the file
   * @param maxBytes the largest file accepted
   * @param error makes the reader's exception from a problem and its cause (which may be {@code
   *     null})
   * @return the text
   * @throws X if the file is missing, special, too large, unreadable or not UTF-8
   */
  public static <X extends RuntimeException> String readSmallText(
      Path file, long maxBytes, BiFunction<String, Throwable, X> error) {
    requireRegularFile(file, problem -> error.apply(problem, null));
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw error.apply(
            "the file has " + size + " bytes, more than the " + maxBytes + " such a file may have",
            null);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw error.apply(describe(e), e);
    }
  }

  /**
   * Describes an I/O error in plain words, without the Java class name: "no such file", "permission
   * denied", "not valid UTF-8 text", or the operating system's reason.
   *
   * @param e the error
   * @return the description, never {@code null}
   */
  public static String describe(IOException e) {
    Objects.requireNonNull(e, "e");
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "a part of the path is not a directory";
    }
    if (e instanceof CharacterCodingException) {
      return "not valid UTF-8 text";
    }
    if (e instanceof EOFException) {
      return "the file ends too early";
    }
    if (e instanceof ZipException) {
      return "corrupt ZIP data" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason().toLowerCase(Locale.ROOT);
    }
    return e.getMessage() == null || e.getMessage().isBlank() ? "an I/O error" : e.getMessage();
  }

  private static String specialKind(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", new LinkOption[0]);
      return switch (mode & TYPE_MASK) {
        case FIFO -> "a named pipe (FIFO), which would block until something writes to it";
        case CHARACTER_DEVICE -> "a character device";
        case BLOCK_DEVICE -> "a block device";
        case SOCKET -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
