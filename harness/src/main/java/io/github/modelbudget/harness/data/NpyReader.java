package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Supported element types are {@code u1, i1, i2, i4, i8, f4, f8} in little ({@code <}), big
 * ({@code >}) or no ({@code |}, one-byte types) byte order, in C order. Fortran-ordered arrays,
 * other types (booleans, complex numbers, strings, objects, structured types) and malformed headers
 * are rejected with an {@link InvalidDataException} naming the file. The header's Python dict is
 * parsed by a small literal parser; it is never evaluated.
 *
 * <p>The header length and the array's element count are checked against {@link NpyLimits} before
 * anything is allocated, so a corrupt or hostile file cannot exhaust memory. Instances are
 * immutable and thread-safe.
 */
public final class NpyReader {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final List<String> SUPPORTED = List.of("u1", "i1", "i2", "i4", "i8", "f4", "f8");

  /** The size of a stream whose length is not known. */
  static final long UNKNOWN_SIZE = -1;

  private final NpyLimits limits;

  /**
   * Creates a reader with the given limits.
   *
   * @param limits the header and element limits
   */
  public NpyReader(NpyLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Creates a reader with {@link NpyLimits#defaults()}.
   *
   * @return the reader
   */
  public static NpyReader withDefaultLimits() {
    return new NpyReader(NpyLimits.defaults());
  }

  /**
   * Reads a whole {@code .npy} file.
   *
   * @param file the file
   * @return the array, never {@code null}
   * @throws InvalidDataException if the file is missing, unreadable, malformed or over the limits
   */
  public NdArray read(Path file) {
    return read(file, Integer.MAX_VALUE);
  }

  /**
   * Reads at most the first {@code maxRows} entries along the first axis of a {@code .npy} file;
   * the rest of the file is not read. The element limit applies to what is read.
   *
   * @param file the file
   * @param maxRows the most rows to read, at least 1
   * @return the array, never {@code null}
   * @throws InvalidDataException if the file is missing, unreadable, malformed or over the limits
   */
  public NdArray read(Path file, int maxRows) {
    Objects.requireNonNull(file, "file");
    InputFiles.requireRegularFile(
        file, problem -> new InvalidDataException(file.toString(), problem));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString(), maxRows, Files.size(file));
    } catch (IOException e) {
      throw new InvalidDataException(file.toString(), "cannot read: " + InputFiles.describe(e), e);
    }
  }

  /**
   * Reads a {@code .npy} array from a stream, e.g. a ZIP entry; the stream is not closed.
   *
   * @param in the stream, positioned at the magic string
   * @param origin the file or entry name, for messages
   * @param maxRows the most rows to read along the first axis, at least 1
   * @return the array, never {@code null}
   * @throws IOException if the stream cannot be read
   * @throws InvalidDataException if the content is malformed or over the limits
   */
  public NdArray read(InputStream in, String origin, int maxRows) throws IOException {
    return read(in, origin, maxRows, UNKNOWN_SIZE);
  }

  /**
   * Reads a {@code .npy} array from a stream that holds at most {@code size} bytes (a file's size,
   * a ZIP entry's bound), so that a header claiming more data than that is rejected before the
   * array is allocated.
   */
  NdArray read(InputStream in, String origin, int maxRows, long size) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(origin, "origin");
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1 but was " + maxRows);
    }
    Layout layout = readLayout(in, origin);
    Header header = layout.header();
    int[] shape = header.shape().clone();
    if (shape.length > 0 && shape[0] > maxRows) {
      shape[0] = maxRows;
    }
    long elements = NdArray.elementCount(shape);
    if (elements > limits.maxElements()) {
      throw new InvalidDataException(
          origin,
          "the array of shape "
              + Arrays.toString(header.shape())
              + " has "
              + (elements == Long.MAX_VALUE ? "more than 2^63" : Long.toString(elements))
              + " elements to read, more than the limit of "
              + limits.maxElements());
    }
    long expectedBytes = elements * header.type().bytes();
    if (size != UNKNOWN_SIZE && expectedBytes > size - layout.dataOffset()) {
      throw truncated(origin, header, expectedBytes, Math.max(0, size - layout.dataOffset()));
    }
    // The bytes, then the floats most callers convert them to.
    HeapCheck.require(origin, expectedBytes + elements * Float.BYTES, "the array's data");
    byte[] data = new byte[(int) expectedBytes];
    int found = in.readNBytes(data, 0, data.length);
    if (found < expectedBytes) {
      throw truncated(origin, header, expectedBytes, found);
    }
    return new NdArray(origin, shape, header.type(), header.order(), data);
  }

  /**
   * Maps the data of a {@code .npy} array that starts at {@code start} in a file (0 for a {@code
   * .npy} file, the data offset of a stored {@code .npz} entry) instead of reading it: the values
   * stay in the file and are read, converted to floats, as they are asked for. The header limit
   * applies; the element limit does not, because nothing of the array's size is allocated. At most
   * {@code maxRows} rows are mapped.
   *
   * @param file the file
   * @param start where the {@code .npy} content starts in it
   * @param length how many bytes of the file belong to the array, from {@code start}
   * @param origin the file or entry name, for messages
   * @param maxRows the most rows to map along the first axis, at least 1
   * @return the array's shape (with {@code maxRows} applied) and its values
   * @throws InvalidDataException if the header is malformed, the array is a scalar, or the file
   *     holds less data than the header declares
   */
  MappedArray map(Path file, long start, long length, String origin, int maxRows) {
    Objects.requireNonNull(file, "file");
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1 but was " + maxRows);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      InputStream in =
          new BufferedInputStream(Channels.newInputStream(channel.position(start)), 1024);
      Layout layout = readLayout(in, origin);
      Header header = layout.header();
      int[] shape = header.shape().clone();
      if (shape.length == 0) {
        throw new InvalidDataException(
            origin, "the features are a scalar; expected an array of samples");
      }
      shape[0] = Math.min(shape[0], maxRows);
      long rowElements = NdArray.elementCount(Arrays.copyOfRange(shape, 1, shape.length));
      if (rowElements > Integer.MAX_VALUE) {
        throw new InvalidDataException(
            origin,
            "a row of the array of shape "
                + Arrays.toString(header.shape())
                + " has "
                + (rowElements == Long.MAX_VALUE ? "more than 2^63" : Long.toString(rowElements))
                + " elements, more than one sample can hold (2^31 - 1)");
      }
      long expectedBytes = (long) shape[0] * rowElements * header.type().bytes();
      if (expectedBytes > length - layout.dataOffset()) {
        throw truncated(origin, header, expectedBytes, Math.max(0, length - layout.dataOffset()));
      }
      MappedFeatures features =
          MappedFeatures.map(
              channel,
              start + layout.dataOffset(),
              shape[0],
              (int) rowElements,
              header.type(),
              header.order(),
              origin);
      return new MappedArray(origin, shape, header.type(), features);
    } catch (IOException e) {
      throw new InvalidDataException(origin, "cannot map: " + InputFiles.describe(e), e);
    }
  }

  /**
   * Reads only the header of a {@code .npy} stream and returns how many bytes its elements would
   * take as floats, for choosing between reading and mapping.
   */
  long floatBytes(InputStream in, String origin) throws IOException {
    long elements = NdArray.elementCount(readLayout(in, origin).header().shape());
    return elements > Long.MAX_VALUE / Float.BYTES ? Long.MAX_VALUE : elements * Float.BYTES;
  }

  /**
   * A {@code .npy} array left in its file.
   *
   * @param origin the file or entry name
   * @param shape the shape mapped, rows first
   * @param type the stored element type
   * @param features the rows, as samples
   */
  record MappedArray(String origin, int[] shape, ElementType type, MappedFeatures features) {}

  /** A parsed header and where the data starts, counted from the magic string. */
  private record Layout(Header header, long dataOffset) {}

  private Layout readLayout(InputStream in, String origin) throws IOException {
    byte[] preamble = in.readNBytes(MAGIC.length + 2);
    if (preamble.length < MAGIC.length
        || !Arrays.equals(Arrays.copyOf(preamble, MAGIC.length), MAGIC)) {
      throw new InvalidDataException(
          origin,
          "not a NumPy .npy file: expected the magic string \\x93NUMPY at the start but found "
              + describe(preamble));
    }
    if (preamble.length < MAGIC.length + 2) {
      throw new InvalidDataException(
          origin, "truncated .npy header: the file ends after the magic");
    }
    int major = preamble[6] & 0xFF;
    int minor = preamble[7] & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw new InvalidDataException(
          origin,
          "unsupported .npy format version " + major + "." + minor + "; 1.0, 2.0 and 3.0 are read");
    }
    int lengthBytes = major == 1 ? 2 : 4;
    byte[] lengthField = in.readNBytes(lengthBytes);
    if (lengthField.length < lengthBytes) {
      throw new InvalidDataException(
          origin,
          "truncated .npy header: expected a "
              + lengthBytes
              + "-byte header length but the file ends after "
              + lengthField.length);
    }
    ByteBuffer length = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? length.getShort() & 0xFFFF : length.getInt() & 0xFFFFFFFFL;
    if (headerLength > limits.maxHeaderBytes()) {
      throw new InvalidDataException(
          origin,
          "the .npy header declares "
              + headerLength
              + " bytes, more than the limit of "
              + limits.maxHeaderBytes()
              + " bytes");
    }
    byte[] headerBytes = in.readNBytes((int) headerLength);
    if (headerBytes.length < headerLength) {
      throw new InvalidDataException(
          origin,
          "truncated .npy header: expected "
              + headerLength
              + " header bytes but found "
              + headerBytes.length);
    }
    Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    Header header = parseHeader(origin, new String(headerBytes, charset));
    return new Layout(header, MAGIC.length + 2 + lengthBytes + headerLength);
  }

  private static InvalidDataException truncated(
      String origin, Header header, long expectedBytes, long found) {
    return new InvalidDataException(
        origin,
        "truncated .npy data: the "
            + header.descr()
            + " array of shape "
            + Arrays.toString(header.shape())
            + " needs "
            + expectedBytes
            + " data bytes but the file has "
            + found);
  }

  private record Header(String descr, ElementType type, ByteOrder order, int[] shape) {}

  private static Header parseHeader(String origin, String text) {
    PythonLiteralParser.Result parsed = PythonLiteralParser.parseDict(text.strip());
    if (parsed.error().isPresent()) {
      throw new InvalidDataException(
          origin, "malformed .npy header (" + parsed.error().get() + "): " + abbreviate(text));
    }
    Map<String, Object> dict = parsed.dict().orElseThrow();
    for (String key : List.of("descr", "fortran_order", "shape")) {
      if (!dict.containsKey(key)) {
        throw new InvalidDataException(
            origin,
            "malformed .npy header: the key '"
                + key
                + "' is missing; found "
                + dict.keySet()
                + " in "
                + abbreviate(text));
      }
    }
    if (!(dict.get("descr") instanceof String descr)) {
      throw new InvalidDataException(
          origin,
          "unsupported dtype "
              + abbreviate(String.valueOf(dict.get("descr")))
              + ": structured dtypes are not read; supported are "
              + SUPPORTED
              + " with byte order <, > or |");
    }
    if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
      throw new InvalidDataException(
          origin, "malformed .npy header: fortran_order must be True or False in " + text.strip());
    }
    if (fortran) {
      throw new InvalidDataException(
          origin,
          "the array is stored in Fortran (column-major) order; only C order is read. Save it with"
              + " np.save(path, np.ascontiguousarray(a))");
    }
    ElementType type = elementType(origin, descr);
    ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    return new Header(descr, type, order, shape(origin, dict.get("shape")));
  }

  private static ElementType elementType(String origin, String descr) {
    String code = descr.length() == 3 ? descr.substring(1) : "";
    char order = descr.isEmpty() ? '?' : descr.charAt(0);
    ElementType type =
        switch (code) {
          case "u1" -> ElementType.UINT8;
          case "i1" -> ElementType.INT8;
          case "i2" -> ElementType.INT16;
          case "i4" -> ElementType.INT32;
          case "i8" -> ElementType.INT64;
          case "f4" -> ElementType.FLOAT32;
          case "f8" -> ElementType.FLOAT64;
          default -> null;
        };
    boolean orderOk =
        order == '<' || order == '>' || (order == '|' && type != null && type.bytes() == 1);
    if (type == null || !orderOk) {
      throw new InvalidDataException(
          origin,
          "unsupported dtype '"
              + descr
              + "': supported are "
              + SUPPORTED
              + " with byte order <, > or (one-byte types) |");
    }
    return type;
  }

  private static int[] shape(String origin, Object value) {
    if (!(value instanceof List<?> dims)) {
      throw new InvalidDataException(
          origin, "malformed .npy header: shape must be a tuple of integers but is " + value);
    }
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
        throw new InvalidDataException(
            origin,
            "malformed .npy header: every dimension must be an integer in [0, 2^31) but shape is "
                + dims);
      }
      shape[i] = ((Long) dims.get(i)).intValue();
    }
    return shape;
  }

  private static String describe(byte[] bytes) {
    if (bytes.length == 0) {
      return "an empty file";
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x ", b & 0xFF));
    }
    return "bytes " + hex.toString().strip();
  }

  private static String abbreviate(String text) {
    String stripped = text.strip();
    return stripped.length() <= 200 ? stripped : stripped.substring(0, 200) + "…";
  }
}
