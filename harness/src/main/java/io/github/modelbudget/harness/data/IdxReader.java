package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of the MNIST images and labels.
 *
 * <p>An IDX file starts with a magic number: two zero bytes, a type code ({@code 0x08} unsigned
 * byte, {@code 0x09} signed byte, {@code 0x0B} short, {@code 0x0C} int, {@code 0x0D} float, {@code
 * 0x0E} double) and the number of dimensions; then each dimension as a big-endian 32-bit integer;
 * then the elements, big-endian, in row-major order. Gzipped files (as MNIST is distributed) are
 * recognised by their gzip magic and decompressed on the fly. The element count is checked against
 * {@link NpyLimits#maxElements()} before anything is allocated. Instances are immutable and
 * thread-safe.
 */
public final class IdxReader {

  /** DEFLATE cannot expand data more than about 1032:1 (zlib's technical details). */
  private static final long MAX_GZIP_RATIO = 1032;

  private final NpyLimits limits;

  /**
   * Creates a reader with the given limits; only the element limit applies to IDX files.
   *
   * @param limits the limits
   */
  public IdxReader(NpyLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Creates a reader with {@link NpyLimits#defaults()}.
   *
   * @return the reader
   */
  public static IdxReader withDefaultLimits() {
    return new IdxReader(NpyLimits.defaults());
  }

  /**
   * Reads an IDX file.
   *
   * @param file the file, plain or gzipped
   * @return the array, big-endian, never {@code null}
   * @throws InvalidDataException if the file is missing, unreadable, has a bad magic number, is
   *     truncated or is over the element limit
   */
  public NdArray read(Path file) {
    Objects.requireNonNull(file, "file");
    String origin = file.toString();
    InputFiles.requireRegularFile(file, problem -> new InvalidDataException(origin, problem));
    try (InputStream in = open(file)) {
      long fileSize = Files.size(file);
      boolean gzipped = in instanceof GzippedStream;
      byte[] magic = in.readNBytes(4);
      if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
        throw new InvalidDataException(
            origin,
            "not an IDX file: expected a magic number 00 00 <type> <dimensions> but found "
                + hex(magic));
      }
      ElementType type = elementType(origin, magic[2] & 0xFF);
      int rank = magic[3] & 0xFF;
      if (rank == 0) {
        throw new InvalidDataException(origin, "the IDX magic number declares 0 dimensions");
      }
      byte[] dimBytes = in.readNBytes(4 * rank);
      if (dimBytes.length < 4 * rank) {
        throw new InvalidDataException(
            origin,
            "truncated IDX header: expected "
                + rank
                + " dimensions ("
                + 4 * rank
                + " bytes) but found "
                + dimBytes.length
                + " bytes");
      }
      ByteBuffer dims = ByteBuffer.wrap(dimBytes).order(ByteOrder.BIG_ENDIAN);
      int[] shape = new int[rank];
      for (int i = 0; i < rank; i++) {
        shape[i] = dims.getInt();
        if (shape[i] < 0) {
          throw new InvalidDataException(
              origin,
              "dimension " + i + " is " + Integer.toUnsignedLong(shape[i]) + ", larger than 2^31");
        }
      }
      long elements = NdArray.elementCount(shape);
      if (elements > limits.maxElements()) {
        throw new InvalidDataException(
            origin,
            "the array of shape "
                + Arrays.toString(shape)
                + " has "
                + elements
                + " elements, more than the limit of "
                + limits.maxElements());
      }
      long dataBytes = elements * type.bytes();
      long most = gzipped ? fileSize * MAX_GZIP_RATIO : fileSize - 4 - 4L * rank;
      if (dataBytes > most) {
        throw truncated(origin, shape, type, dataBytes, gzipped ? -1 : Math.max(0, most));
      }
      HeapCheck.require(origin, dataBytes + elements * Float.BYTES, "the array's data");
      byte[] data = new byte[(int) dataBytes];
      int found = in.readNBytes(data, 0, data.length);
      if (found < data.length) {
        throw truncated(origin, shape, type, dataBytes, found);
      }
      return new NdArray(origin, shape, type, ByteOrder.BIG_ENDIAN, data);
    } catch (IOException e) {
      throw new InvalidDataException(origin, "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /** {@code found} is -1 when a gzipped file cannot hold the data even at DEFLATE's best. */
  private static InvalidDataException truncated(
      String origin, int[] shape, ElementType type, long dataBytes, long found) {
    return new InvalidDataException(
        origin,
        "truncated IDX data: shape "
            + Arrays.toString(shape)
            + " of "
            + type
            + " needs "
            + dataBytes
            + " data bytes but "
            + (found < 0
                ? "the gzipped file is too small to hold that many"
                : "the file has " + found));
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int first = in.read();
    int second = in.read();
    in.reset();
    if (first == 0x1f && second == 0x8b) {
      return new GzippedStream(new GZIPInputStream(in));
    }
    return in;
  }

  /** Marks a decompressed stream, whose length the file's size bounds only loosely. */
  private static final class GzippedStream extends BufferedInputStream {
    GzippedStream(InputStream in) {
      super(in);
    }
  }

  private static ElementType elementType(String origin, int code) {
    return switch (code) {
      case 0x08 -> ElementType.UINT8;
      case 0x09 -> ElementType.INT8;
      case 0x0B -> ElementType.INT16;
      case 0x0C -> ElementType.INT32;
      case 0x0D -> ElementType.FLOAT32;
      case 0x0E -> ElementType.FLOAT64;
      default ->
          throw new InvalidDataException(
              origin,
              String.format(
                  "unknown IDX type code 0x%02X: expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E",
                  code));
    };
  }

  private static String hex(byte[] bytes) {
    if (bytes.length == 0) {
      return "an empty file";
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02X ", b & 0xFF));
    }
    return hex.toString().strip();
  }
}
