package io.github.modelbudget.harness;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the central directory of a ZIP archive ({@code .npz} datasets, the files appended to a
 * model's metadata) so that a damaged directory is the reader's typed error.
 *
 * <p>{@link ZipFile} checks every entry name when it opens an archive, but decodes an entry's
 * comment only when the entry is looked up or listed, and then throws {@link
 * IllegalArgumentException} ("malformed input off : 49, length : 1") on a comment that is not
 * UTF-8. Every lookup goes through here instead.
 */
public final class ZipArchives {

  private static final String NOT_UTF8 =
      "corrupt ZIP central directory: an entry's comment is not valid UTF-8 (";

  private ZipArchives() {}

  /**
   * Lists every entry of an archive.
   *
   * @param <X> the reader's own exception type
   * @param zip the open archive
   * @param error makes the reader's exception from the problem
   * @return the entries in directory order
   * @throws X if an entry of the directory cannot be decoded
   */
  public static <X extends RuntimeException> List<ZipEntry> entries(
      ZipFile zip, Function<String, X> error) {
    Objects.requireNonNull(zip, "zip");
    try {
      return List.copyOf(Collections.list(zip.entries()));
    } catch (IllegalArgumentException e) {
      throw error.apply(NOT_UTF8 + e.getMessage() + ")");
    }
  }

  /**
   * Looks one entry up by name.
   *
   * @param <X> the reader's own exception type
   * @param zip the open archive
   * @param name the entry's name
   * @param error makes the reader's exception from the problem
   * @return the entry, or {@code null} if the archive has none of that name
   * @throws X if the entry cannot be decoded
   */
  public static <X extends RuntimeException> ZipEntry entry(
      ZipFile zip, String name, Function<String, X> error) {
    Objects.requireNonNull(zip, "zip");
    try {
      return zip.getEntry(name);
    } catch (IllegalArgumentException e) {
      throw error.apply(NOT_UTF8 + e.getMessage() + ")");
    }
  }
}
