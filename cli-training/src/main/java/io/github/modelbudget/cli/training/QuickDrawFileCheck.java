package io.github.modelbudget.cli.training;

import io.github.modelbudget.harness.data.ElementType;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.data.NdArray;
import io.github.modelbudget.harness.data.NpyReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a downloaded file is a Quick, Draw! {@code numpy_bitmap} file: a {@code .npy} array
 * of {@code uint8} with shape {@code [N, 784]}, N at least 1, whose data fills the rest of the file
 * exactly. The header is parsed by the harness's {@link NpyReader}; only the first drawing is read.
 */
final class QuickDrawFileCheck {

  static final int PIXELS = 28 * 28;
  private static final int PREAMBLE_BYTES = 8;

  private QuickDrawFileCheck() {}

  /**
   * Returns the problem with the file, or an empty string when it is a {@code numpy_bitmap} file.
   *
   * @param file the downloaded file
   * @return what was expected and what was found, or empty
   */
  static String problem(Path file) {
    try {
      NdArray first;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
        first = NpyReader.withDefaultLimits().read(in, file.toString(), 1);
      }
      List<Integer> shape = first.shape();
      if (first.elementType() != ElementType.UINT8
          || shape.size() != 2
          || shape.get(1) != PIXELS
          || shape.get(0) < 1) {
        return "expected a uint8 array of shape [N, "
            + PIXELS
            + "] with N >= 1 but found "
            + first.elementType()
            + " of shape "
            + describe(shape);
      }
      long data = Files.size(file) - dataOffset(file);
      if (data % PIXELS != 0) {
        return "expected the data to be whole rows of "
            + PIXELS
            + " bytes but found "
            + data
            + " data bytes";
      }
      return "";
    } catch (InvalidDataException e) {
      return e.getMessage();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Describes a shape read with one row at most, where a first axis of 1 stands for any N. */
  private static String describe(List<Integer> shape) {
    if (shape.isEmpty()) {
      return "[] (a scalar)";
    }
    List<String> axes = new ArrayList<>();
    axes.add(shape.get(0) == 0 ? "0" : "N");
    shape.stream().skip(1).map(String::valueOf).forEach(axes::add);
    return "[" + String.join(", ", axes) + "]";
  }

  /** Returns where the data starts: after the preamble, the header length field and the header. */
  private static long dataOffset(Path file) throws IOException {
    byte[] start;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(PREAMBLE_BYTES + 4);
    }
    ByteBuffer length = ByteBuffer.wrap(start, PREAMBLE_BYTES, 4).order(ByteOrder.LITTLE_ENDIAN);
    int major = start[6] & 0xFF;
    return major == 1
        ? PREAMBLE_BYTES + 2 + (length.getShort() & 0xFFFF)
        : PREAMBLE_BYTES + 4 + (length.getInt() & 0xFFFFFFFFL);
  }
}
