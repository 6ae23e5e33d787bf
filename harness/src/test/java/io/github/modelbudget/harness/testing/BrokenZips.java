package io.github.modelbudget.harness.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** ZIP archives with a damaged central directory that {@link java.util.zip.ZipFile} still opens. */
public final class BrokenZips {

  private static final String MARKER = "#comment#";

  private BrokenZips() {}

  /**
   * An archive of the entries whose first entry's comment is not UTF-8 (bytes {@code FF FE}): the
   * names are valid, so the archive opens, and the comment fails only when the entry is decoded.
   *
   * @param entries the entries' names and contents, in order
   * @return the archive's bytes
   */
  public static byte[] commentNotUtf8(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      boolean first = true;
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry zipEntry = new ZipEntry(entry.getKey());
        if (first) {
          zipEntry.setComment(MARKER);
          first = false;
        }
        zip.putNextEntry(zipEntry);
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] archive = bytes.toByteArray();
    // The comment is stored only in the central directory, so the marker occurs once.
    String text = new String(archive, StandardCharsets.ISO_8859_1);
    int at = text.lastIndexOf(MARKER);
    if (at < 0 || text.indexOf(MARKER) != at) {
      throw new IllegalStateException("the comment marker is not in the archive exactly once");
    }
    archive[at] = (byte) 0xFF;
    archive[at + 1] = (byte) 0xFE;
    return archive;
  }
}
