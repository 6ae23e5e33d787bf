package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.idx;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads IDX files that the tests write byte by byte. */
class IdxReaderTest {

  @TempDir Path dir;

  private final IdxReader reader = IdxReader.withDefaultLimits();

  private static List<Double> values(NdArray array) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      values.add(array.getDouble(i));
    }
    return values;
  }

  @ParameterizedTest(name = "type 0x{0}")
  @CsvSource({"08, UINT8", "09, INT8", "0B, INT16", "0C, INT32", "0D, FLOAT32", "0E, FLOAT64"})
  void everyTypeCode_readsBigEndianValues(String code, ElementType type) {
    double[] expected =
        type == ElementType.UINT8 ? new double[] {255, 0, 7, 128} : new double[] {-1, 0, 7, 100};
    ByteBuffer data = ByteBuffer.allocate(4 * type.bytes()).order(ByteOrder.BIG_ENDIAN);
    for (double value : expected) {
      switch (type) {
        case UINT8, INT8 -> data.put((byte) value);
        case INT16 -> data.putShort((short) value);
        case INT32 -> data.putInt((int) value);
        case FLOAT32 -> data.putFloat((float) value);
        case FLOAT64 -> data.putDouble(value);
        case INT64 -> throw new IllegalStateException("IDX has no int64");
      }
    }
    Path file =
        write(dir, "values-idx2", idx(Integer.parseInt(code, 16), new int[] {2, 2}, data.array()));

    NdArray array = reader.read(file);

    assertThat(array.elementType(), is(type));
    assertThat(array.shape(), contains(2, 2));
    assertThat(array.byteOrder(), is(ByteOrder.BIG_ENDIAN));
    assertThat(values(array), contains(Arrays.stream(expected).boxed().toArray()));
  }

  @Test
  void mnistShapedImages_keepTheirThreeDimensions() {
    byte[] pixels = new byte[3 * 28 * 28];
    pixels[28 * 28 + 5] = (byte) 200;
    Path file = write(dir, "train-images-idx3-ubyte", idx(0x08, new int[] {3, 28, 28}, pixels));

    NdArray images = reader.read(file);

    assertThat(images.shape(), contains(3, 28, 28));
    assertThat(images.getDouble(28 * 28 + 5), is(200.0));
  }

  @Test
  void gzippedFile_isDecompressedOnTheFly() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(idx(0x08, new int[] {3}, new byte[] {4, 5, 6}));
    }
    Path file = write(dir, "t10k-labels-idx1-ubyte.gz", gz.toByteArray());

    assertThat(values(reader.read(file)), contains(4.0, 5.0, 6.0));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    private InvalidDataException readFails(Path file, IdxReader with) {
      InvalidDataException e = assertThrows(InvalidDataException.class, () -> with.read(file));
      assertThat(e.getMessage(), containsString(file.toString()));
      return e;
    }

    @Test
    void badMagic_showsTheBytesFound() {
      Path file = write(dir, "bad-idx3-ubyte", new byte[] {0x12, 0x34, 0x08, 0x03, 0, 0, 0, 1});

      assertThat(
          readFails(file, reader).getMessage(),
          allOf(containsString("not an IDX file"), containsString("12 34 08 03")));
    }

    @Test
    void unknownTypeCode_namesIt() {
      Path file = write(dir, "odd-idx1-ubyte", idx(0x0A, new int[] {1}, new byte[1]));

      assertThat(
          readFails(file, reader).getMessage(),
          allOf(containsString("0x0A"), containsString("0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E")));
    }

    @Test
    void emptyFile_isNotIdx() {
      Path file = write(dir, "empty-idx1-ubyte", new byte[0]);

      assertThat(readFails(file, reader).getMessage(), containsString("an empty file"));
    }

    @Test
    void truncatedDimensions_sayHowManyBytesWereFound() {
      byte[] header = Arrays.copyOf(idx(0x08, new int[] {2, 28, 28}, new byte[0]), 10);
      Path file = write(dir, "dims-idx3-ubyte", header);

      assertThat(
          readFails(file, reader).getMessage(),
          allOf(containsString("expected 3 dimensions (12 bytes)"), containsString("found 6")));
    }

    @Test
    void truncatedData_namesExpectedAndFoundBytes() {
      Path file = write(dir, "short-idx2-ubyte", idx(0x0C, new int[] {2, 3}, new byte[20]));

      assertThat(
          readFails(file, reader).getMessage(),
          allOf(containsString("needs 24 data bytes"), containsString("has 20")));
    }

    @Test
    void tooManyElements_isRejectedBeforeAllocation() {
      Path file =
          write(dir, "huge-idx3-ubyte", idx(0x0E, new int[] {60000, 280, 280}, new byte[0]));

      assertThat(
          readFails(file, new IdxReader(new NpyLimits(100, 1_000_000))).getMessage(),
          allOf(containsString("4704000000 elements"), containsString("limit of 1000000")));
    }

    @Test
    void missingFile_saysSo() {
      assertThat(
          readFails(dir.resolve("absent-idx1-ubyte"), reader).getMessage(),
          containsString("no such file"));
    }
  }
}
