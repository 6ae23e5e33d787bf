package io.github.modelbudget.harness.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes the data files that the tests read: .npy, .npz, IDX and gzipped text, byte by byte. */
final class DataFiles {

  private DataFiles() {}

  /** Returns the bytes of a .npy file with the given header dict and raw data. */
  static byte[] npy(int major, String header, byte[] data) {
    byte[] text = (header + "\n").getBytes(StandardCharsets.UTF_8);
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer out =
        ByteBuffer.allocate(8 + lengthBytes + text.length + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      out.putShort((short) text.length);
    } else {
      out.putInt(text.length);
    }
    out.put(text).put(data);
    return out.array();
  }

  /** Returns the bytes of a version 1.0 .npy file of the given dtype and shape. */
  static byte[] npy(String descr, String shape, byte[] data) {
    return npy(
        1, "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }", data);
  }

  /** Returns float32 values as .npy bytes in the given byte order. */
  static byte[] npyFloats(ByteOrder order, String shape, float... values) {
    ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(order);
    for (float value : values) {
      data.putFloat(value);
    }
    return npy((order == ByteOrder.BIG_ENDIAN ? ">" : "<") + "f4", shape, data.array());
  }

  /** Returns int64 values as little-endian .npy bytes. */
  static byte[] npyLongs(String shape, long... values) {
    ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long value : values) {
      data.putLong(value);
    }
    return npy("<i8", shape, data.array());
  }

  /** Returns a ZIP archive holding the entries, stored in the given order. */
  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Returns a ZIP archive holding the entries uncompressed, as {@code np.savez} writes them. */
  static byte[] storedZip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry stored = new ZipEntry(entry.getKey());
        stored.setMethod(ZipEntry.STORED);
        stored.setSize(entry.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(entry.getValue());
        stored.setCrc(crc.getValue());
        zip.putNextEntry(stored);
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Returns the bytes of an IDX file: magic, big-endian dimensions, then the data as given. */
  static byte[] idx(int typeCode, int[] dims, byte[] data) {
    ByteBuffer out = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    out.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
    for (int dim : dims) {
      out.putInt(dim);
    }
    out.put(data);
    return out.array();
  }

  /** Returns text compressed with gzip. */
  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes bytes to a file in a directory and returns its path. */
  static Path write(Path directory, String name, byte[] bytes) {
    try {
      return Files.write(directory.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes UTF-8 text to a file in a directory and returns its path. */
  static Path write(Path directory, String name, String text) {
    return write(directory, name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the test resource at {@code data/numpy/<name>} as a path. */
  static Path numpyFixture(String name) {
    try {
      return Path.of(DataFiles.class.getResource("/data/numpy/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
