package io.github.modelbudget.harness.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The three sizes of a model that matter when it ships: raw, gzip, and ZIP.
 *
 * <ul>
 *   <li>{@code raw}: the flatbuffer's length;
 *   <li>{@code gzip}: a gzip stream of the bytes (deflate at zlib's default level, no file name in
 *       the header), as a server or an app bundle would compress it;
 *   <li>{@code zip}: a ZIP archive holding the file as one {@code ZIP_DEFLATED} entry, byte for
 *       byte the size Python's {@code zipfile} writes. This is the "gzipped size" of the TensorFlow
 *       Model Optimization guides and of the experiment ModelBudget grew from.
 * </ul>
 *
 * @param raw the flatbuffer's size in bytes
 * @param gzip the size of a gzip stream of it
 * @param zip the size of a one-entry ZIP archive of it
 * @param zipEntryName the entry name the ZIP size was computed for
 */
public record ModelSizes(long raw, long gzip, long zip, String zipEntryName) {

  // Python's zipfile writes a 30-byte local header and a 46-byte central directory header, each
  // followed by the entry name, and a 22-byte end record; no extra fields, no data descriptor.
  private static final int LOCAL_HEADER = 30;
  private static final int CENTRAL_HEADER = 46;
  private static final int END_RECORD = 22;

  /** Validates. */
  public ModelSizes {
    Objects.requireNonNull(zipEntryName, "zipEntryName");
  }

  /**
   * Measures a model, naming the ZIP entry after its file ({@code <name>.tflite}).
   *
   * @param model the model
   * @return its sizes
   */
  public static ModelSizes of(TfliteModel model) {
    String entry =
        model.path().map(p -> p.getFileName().toString()).orElse(model.name() + ".tflite");
    return of(model.bytes(), entry);
  }

  /**
   * Measures bytes, with the ZIP entry name given.
   *
   * @param bytes the file's contents
   * @param zipEntryName the name the file has inside the ZIP archive (Python's {@code arcname})
   * @return the sizes
   */
  public static ModelSizes of(byte[] bytes, String zipEntryName) {
    return new ModelSizes(
        bytes.length, gzipSize(bytes), zipSize(bytes, zipEntryName), zipEntryName);
  }

  /**
   * Returns the size of a gzip stream of the bytes at zlib's default level.
   *
   * @param bytes the data
   * @return the stream's length in bytes
   */
  public static long gzipSize(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.size();
  }

  /**
   * Returns the size of a ZIP archive with one {@code ZIP_DEFLATED} entry holding the bytes, as
   * Python's {@code zipfile.ZipFile(path, "w", ZIP_DEFLATED).write(file, arcname)} writes it.
   *
   * @param bytes the file's contents
   * @param entryName the entry's name in the archive
   * @return the archive's length in bytes
   */
  public static long zipSize(byte[] bytes, String entryName) {
    int nameBytes = entryName.getBytes(StandardCharsets.UTF_8).length;
    return LOCAL_HEADER
        + nameBytes
        + rawDeflateSize(bytes)
        + CENTRAL_HEADER
        + nameBytes
        + END_RECORD;
  }

  private static long rawDeflateSize(byte[] bytes) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] chunk = new byte[8192];
      long size = 0;
      while (!deflater.finished()) {
        size += deflater.deflate(chunk);
      }
      return size;
    } finally {
      deflater.end();
    }
  }
}
