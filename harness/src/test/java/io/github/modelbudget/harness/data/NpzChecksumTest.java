package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.npyFloats;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged {@code .npz} entry is refused as NumPy refuses it ("Bad CRC-32"), never read. */
class NpzChecksumTest {

  @TempDir Path dir;

  private final NpzReader reader = NpzReader.withDefaultLimits();

  private static final float[] VALUES = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f};

  /** One entry x.npy, stored (as np.savez writes it) or deflated (np.savez_compressed). */
  private static byte[] archive(int method) throws IOException {
    byte[] npy = npyFloats(ByteOrder.LITTLE_ENDIAN, "(8,)", VALUES);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      ZipEntry entry = new ZipEntry("x.npy");
      entry.setMethod(method);
      if (method == ZipEntry.STORED) {
        CRC32 crc = new CRC32();
        crc.update(npy);
        entry.setSize(npy.length);
        entry.setCompressedSize(npy.length);
        entry.setCrc(crc.getValue());
      }
      zip.putNextEntry(entry);
      zip.write(npy);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void storedEntry_intact_isRead() throws IOException {
    Path file = write(dir, "ok.npz", archive(ZipEntry.STORED));

    assertThat(reader.read(file, "x").toFloatArray().length, is(VALUES.length));
  }

  @Test
  void storedEntry_withOneDataBitFlipped_isRejectedAsCorrupt() throws IOException {
    byte[] bytes = archive(ZipEntry.STORED);
    // The last value's last byte: data, not header, so only the checksum can tell.
    int at = indexOfLastValue(bytes);
    bytes[at] ^= 0x01;
    Path file = write(dir, "flipped.npz", bytes);

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

    assertThat(e.origin(), is(file + "!x.npy"));
    assertThat(e.getMessage(), allOf(containsString("CRC-32"), containsString("damaged")));
  }

  @Test
  void storedEntry_withAHeaderBitFlipped_isReportedAsCorruptNotAsABadHeader() throws IOException {
    byte[] bytes = archive(ZipEntry.STORED);
    int header = indexOf(bytes, "'descr'".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    bytes[header + 3] ^= 0x01;
    Path file = write(dir, "header.npz", bytes);

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

    assertThat(e.getMessage(), containsString("CRC-32"));
  }

  @Test
  void deflatedEntry_withItsRecordedChecksumChanged_isRejected() throws IOException {
    byte[] bytes = archive(ZipEntry.DEFLATED);
    // The central directory's copy of the CRC is the one ZipFile reports.
    int central = lastIndexOf(bytes, new byte[] {'P', 'K', 1, 2});
    bytes[central + 16] ^= 0x01;
    Path file = write(dir, "deflated.npz", bytes);

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

    assertThat(e.getMessage(), containsString("CRC-32"));
  }

  private static int indexOfLastValue(byte[] zip) {
    // A stored entry's data ends where the central directory's first header starts.
    return indexOf(zip, new byte[] {'P', 'K', 1, 2}) - 1;
  }

  private static int indexOf(byte[] bytes, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= bytes.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("pattern not found");
  }

  private static int lastIndexOf(byte[] bytes, byte[] pattern) {
    for (int i = bytes.length - pattern.length; i >= 0; i--) {
      boolean match = true;
      for (int j = 0; j < pattern.length && match; j++) {
        match = bytes[i + j] == pattern[j];
      }
      if (match) {
        return i;
      }
    }
    throw new IllegalStateException("pattern not found");
  }
}
