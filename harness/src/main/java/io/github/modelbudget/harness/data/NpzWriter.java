package io.github.modelbudget.harness.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Encodes a {@link Dataset} as the bytes of a NumPy {@code .npz} archive, as {@code np.savez(file,
 * x=features, y=labels)} lays it out: two {@code .npy} version 1.0 entries, stored uncompressed.
 *
 * <p>Each entry's header is the one NumPy writes: the dict with sorted keys, the spare spaces NumPy
 * leaves so the first axis can grow in place, then spaces and a newline up to a multiple of 64
 * bytes. Entries carry a fixed timestamp, so the same dataset always gives the same bytes.
 */
final class NpzWriter {

  static final String FEATURES_KEY = "x";
  static final String LABELS_KEY = "y";

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  private static final int ALIGNMENT = 64;

  /** NumPy's {@code GROWTH_AXIS_MAX_DIGITS}: room for the first dimension to grow in place. */
  private static final int GROWTH_AXIS_MAX_DIGITS = 21;

  private static final int MAX_VERSION_1_HEADER = 0xFFFF;

  /** The largest archive held in one array, with room for headers and ZIP records. */
  private static final long MAX_ARCHIVE_DATA = Integer.MAX_VALUE - 64L * 1024;

  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

  private NpzWriter() {}

  /**
   * Returns the archive's bytes: {@code x} as float32 of shape {@code [N, ...sampleShape]} and
   * {@code y} as int32 of shape {@code [N]} (a regression dataset's targets as float32 of shape
   * {@code [N]} or {@code [N, k]}), both little-endian.
   *
   * @throws InvalidDataException if the archive would not fit in one array, or the sample shape in
   *     a version 1.0 header
   */
  static byte[] encode(Dataset dataset) {
    long dataBytes = 4L * dataset.size() * dataset.sampleSize() + 4L * dataset.size();
    if (dataBytes > MAX_ARCHIVE_DATA) {
      throw new InvalidDataException(
          dataset.name(),
          "the dataset needs "
              + dataBytes
              + " bytes of array data but a .npz written in memory holds at most "
              + MAX_ARCHIVE_DATA
              + "; write a subset");
    }
    List<Integer> shape = new ArrayList<>();
    shape.add(dataset.size());
    shape.addAll(dataset.sampleShape());
    ByteBuffer features =
        ByteBuffer.allocate(4 * dataset.size() * dataset.sampleSize())
            .order(ByteOrder.LITTLE_ENDIAN);
    features.asFloatBuffer().put(dataset.features(0, dataset.size()));
    ByteBuffer labels = ByteBuffer.allocate(4 * dataset.size()).order(ByteOrder.LITTLE_ENDIAN);
    labels.asIntBuffer().put(dataset.labels());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      putStored(zip, FEATURES_KEY + ".npy", npy(dataset.name(), "<f4", shape, features.array()));
      if (dataset.task() == Task.REGRESSION) {
        // Float targets load back as regression: [N] for one target, [N, k] for several.
        float[] targets = dataset.targets();
        ByteBuffer values = ByteBuffer.allocate(4 * targets.length).order(ByteOrder.LITTLE_ENDIAN);
        values.asFloatBuffer().put(targets);
        List<Integer> targetShape =
            dataset.targetWidth() == 1
                ? List.of(dataset.size())
                : List.of(dataset.size(), dataset.targetWidth());
        putStored(
            zip, LABELS_KEY + ".npy", npy(dataset.name(), "<f4", targetShape, values.array()));
      } else {
        putStored(
            zip,
            LABELS_KEY + ".npy",
            npy(dataset.name(), "<i4", List.of(dataset.size()), labels.array()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Returns a version 1.0 {@code .npy} file: magic, header length, header, data. */
  static byte[] npy(String origin, String descr, List<Integer> shape, byte[] data) {
    byte[] header = header(descr, shape);
    if (header.length > MAX_VERSION_1_HEADER) {
      throw new InvalidDataException(
          origin,
          "a sample shape of "
              + (shape.size() - 1)
              + " dimensions needs a .npy header of "
              + header.length
              + " bytes but version 1.0 holds at most "
              + MAX_VERSION_1_HEADER);
    }
    ByteBuffer out =
        ByteBuffer.allocate(MAGIC.length + 2 + header.length + data.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putShort((short) header.length).put(header).put(data);
    return out.array();
  }

  /** Returns the header NumPy's {@code format.write_array} writes, padding and newline included. */
  static byte[] header(String descr, List<Integer> shape) {
    String tuple =
        shape.size() == 1
            ? "(" + shape.get(0) + ",)"
            : shape.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    StringBuilder text =
        new StringBuilder("{'descr': '")
            .append(descr)
            .append("', 'fortran_order': False, 'shape': ")
            .append(tuple)
            .append(", }");
    if (!shape.isEmpty()) {
      text.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - String.valueOf(shape.get(0)).length()));
    }
    int withNewline = text.length() + 1;
    // As NumPy: 1 to 64 spaces, so a header that is already aligned still gets a full 64.
    int padding = ALIGNMENT - ((MAGIC.length + 2 + withNewline) % ALIGNMENT);
    text.append(" ".repeat(padding)).append('\n');
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void putStored(ZipOutputStream zip, String name, byte[] content)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(content);
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    entry.setCompressedSize(content.length);
    entry.setCrc(crc.getValue());
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }
}
