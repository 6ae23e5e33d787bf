package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.npy;
import static io.github.modelbudget.harness.data.DataFiles.npyFloats;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads .npy files that the tests write byte by byte. */
class NpyReaderTest {

  @TempDir Path dir;

  private final NpyReader reader = NpyReader.withDefaultLimits();

  /** Encodes the values -2, 0, 3, 100 in the given type and order. */
  private static byte[] encode(ElementType type, ByteOrder order) {
    long[] values = {-2, 0, 3, 100};
    ByteBuffer data = ByteBuffer.allocate(values.length * type.bytes()).order(order);
    for (long value : values) {
      switch (type) {
        case UINT8, INT8 -> data.put((byte) value);
        case INT16 -> data.putShort((short) value);
        case INT32 -> data.putInt((int) value);
        case INT64 -> data.putLong(value);
        case FLOAT32 -> data.putFloat(value);
        case FLOAT64 -> data.putDouble(value);
      }
    }
    return data.array();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "<i1, INT8, -2", "|i1, INT8, -2", "|u1, UINT8, 254", "<u1, UINT8, 254",
    "<i2, INT16, -2", ">i2, INT16, -2", "<i4, INT32, -2", ">i4, INT32, -2",
    "<i8, INT64, -2", ">i8, INT64, -2", "<f4, FLOAT32, -2", ">f4, FLOAT32, -2",
    "<f8, FLOAT64, -2", ">f8, FLOAT64, -2"
  })
  void everySupportedDtypeAndByteOrder_readsTheValues(
      String descr, ElementType type, int firstValue) {
    ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    Path file = write(dir, "a.npy", npy(descr, "(2, 2)", encode(type, order)));

    NdArray array = reader.read(file);

    assertThat(array.elementType(), is(type));
    assertThat(array.shape(), contains(2, 2));
    assertThat(array.byteOrder(), is(order));
    assertThat(array.toFloatArray()[0], is((float) firstValue));
    assertThat(Arrays.stream(array.toIntArray()).skip(1).boxed().toList(), contains(0, 3, 100));
  }

  @ParameterizedTest(name = "version {0}.0")
  @ValueSource(ints = {1, 2, 3})
  void everyFormatVersion_readsHeaderAndData(int major) {
    byte[] data =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-4f).array();
    Path file =
        write(
            dir,
            "v.npy",
            npy(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data));

    NdArray array = reader.read(file);

    assertThat(array.shape(), contains(2));
    assertThat(array.getDouble(0), is(1.5));
    assertThat(array.getDouble(1), is(-4.0));
  }

  @Test
  void headerWithOtherKeyOrderQuotesAndSpacing_isParsed() {
    String header = "{ \"shape\" : ( 1 , 3 ) ,\"fortran_order\":False,  'descr':'>f4'}";
    ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN);
    data.putFloat(1).putFloat(2).putFloat(3);
    Path file = write(dir, "odd.npy", npy(1, header, data.array()));

    NdArray array = reader.read(file);

    assertThat(array.shape(), contains(1, 3));
    assertThat(array.getDouble(2), is(3.0));
  }

  @Test
  void python2LongSuffixes_areRead() {
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }";
    Path file = write(dir, "py2.npy", npy(1, header, new byte[8]));

    assertThat(reader.read(file).shape(), contains(1, 2));
  }

  @Test
  void scalarAndZeroLengthArrays_haveTheirShapes() {
    Path scalar = write(dir, "s.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "()", 7f));
    Path none = write(dir, "n.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(0, 784)"));

    assertThat(reader.read(scalar).shape(), empty());
    assertThat(reader.read(scalar).getDouble(0), is(7.0));
    assertThat(reader.read(none).shape(), contains(0, 784));
    assertThat(reader.read(none).size(), is(0));
  }

  @Test
  void maxRows_readsOnlyTheFirstRows() {
    Path file =
        write(dir, "rows.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(3, 2)", 1, 2, 3, 4, 5, 6));

    NdArray firstTwo = reader.read(file, 2);

    assertThat(firstTwo.shape(), contains(2, 2));
    assertThat(Arrays.stream(firstTwo.toIntArray()).boxed().toList(), contains(1, 2, 3, 4));
  }

  @Test
  void floatLabelsWithFractions_areNotIntegers() {
    Path file = write(dir, "f.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(2,)", 1f, 1.5f));

    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> reader.read(file).toIntArray());

    assertThat(e.getMessage(), allOf(containsString("f.npy"), containsString("element 1 is 1.5")));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    private InvalidDataException readFails(Path file, NpyReader with) {
      InvalidDataException e = assertThrows(InvalidDataException.class, () -> with.read(file));
      assertThat(e.getMessage(), containsString(file.toString()));
      assertThat(e.origin(), is(file.toString()));
      return e;
    }

    private InvalidDataException readFails(Path file) {
      return readFails(file, reader);
    }

    @Test
    void missingFile_saysSo() {
      assertThat(readFails(dir.resolve("absent.npy")).getMessage(), containsString("no such file"));
    }

    @Test
    void notNumpy_namesTheMagic() {
      Path file = write(dir, "text.npy", "hello world");

      assertThat(
          readFails(file).getMessage(),
          allOf(containsString("magic"), containsString("68 65 6c 6c")));
    }

    @Test
    void headerCutShort_isTruncatedHeaderWithCounts() {
      byte[] whole = npyFloats(ByteOrder.LITTLE_ENDIAN, "(2,)", 1, 2);
      Path file = write(dir, "cut.npy", Arrays.copyOf(whole, 30));

      assertThat(
          readFails(file).getMessage(),
          allOf(
              containsString("truncated .npy header"),
              containsString("expected " + (whole.length - 10 - 8) + " header bytes"),
              containsString("found 20")));
    }

    @Test
    void fileEndsInsideLengthField_isTruncatedHeader() {
      Path file = write(dir, "tiny.npy", Arrays.copyOf(npy("<f4", "(1,)", new byte[4]), 9));

      assertThat(readFails(file).getMessage(), containsString("truncated .npy header"));
    }

    @Test
    void headerOverTheLimit_isRejectedWithBothNumbers() {
      Path file = write(dir, "big.npy", npy(2, "{" + " ".repeat(5000) + "}", new byte[0]));

      InvalidDataException e = readFails(file, new NpyReader(new NpyLimits(4096, 1000)));

      assertThat(
          e.getMessage(),
          allOf(containsString("declares 5003 bytes"), containsString("limit of 4096 bytes")));
    }

    @Test
    void headerDeclaringGigabytes_isRejectedBeforeReadingIt() {
      byte[] bytes =
          ByteBuffer.allocate(12)
              .order(ByteOrder.LITTLE_ENDIAN)
              .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0})
              .putInt(-1)
              .array();
      Path file = write(dir, "huge-header.npy", bytes);

      assertThat(
          readFails(file).getMessage(),
          allOf(containsString("4294967295 bytes"), containsString("limit of 10000")));
    }

    @Test
    void tooManyElements_isRejectedWithTheCount() {
      Path file = write(dir, "many.npy", npy("<f8", "(100000, 100000)", new byte[0]));

      InvalidDataException e = readFails(file, new NpyReader(new NpyLimits(1000, 1_000_000)));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("[100000, 100000]"),
              containsString("10000000000 elements"),
              containsString("limit of 1000000")));
    }

    @Test
    void shapeOverflowingLong_isRejected() {
      String shape = "(2147483647, 2147483647, 2147483647)";
      Path file = write(dir, "overflow.npy", npy("<f4", shape, new byte[0]));

      assertThat(readFails(file).getMessage(), containsString("more than 2^63"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<c8", "|b1", "<U5", "|O", "<u2", "|f4", "<f2", "=f4", "f4", "<M8[ns]"})
    void unsupportedDtype_namesItAndTheSupportedOnes(String descr) {
      Path file = write(dir, "dtype.npy", npy(descr, "(1,)", new byte[16]));

      assertThat(
          readFails(file).getMessage(),
          allOf(
              containsString("unsupported dtype '" + descr + "'"),
              containsString("[u1, i1, i2, i4, i8, f4, f8]")));
    }

    @Test
    void structuredDtype_isUnsupported() {
      String header =
          "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }";
      Path file = write(dir, "struct.npy", npy(1, header, new byte[8]));

      assertThat(
          readFails(file).getMessage(),
          allOf(containsString("unsupported dtype"), containsString("structured")));
    }

    @Test
    void fortranOrder_isAClearError() {
      String header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
      Path file = write(dir, "fortran.npy", npy(1, header, new byte[24]));

      assertThat(
          readFails(file).getMessage(),
          allOf(containsString("Fortran"), containsString("only C order")));
    }

    @Test
    void dataCutShort_namesExpectedAndFoundBytes() {
      Path file = write(dir, "short.npy", npy("<f4", "(2, 3)", new byte[10]));

      assertThat(
          readFails(file).getMessage(),
          allOf(
              containsString("truncated .npy data"),
              containsString("needs 24 data bytes"),
              containsString("has 10")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "{'descr': '<f4', 'fortran_order': False}",
          "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}",
          "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }",
          "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }",
          "{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os'), }",
          "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } trailing",
          "['descr', '<f4']",
          "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
          "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }",
          "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }",
          "{'a': ((((((((((1,),),),),),),),),),), 'descr': '<f4'}"
        })
    void malformedHeader_isRejectedQuotingIt(String header) {
      Path file = write(dir, "malformed.npy", npy(1, header, new byte[8]));

      assertThat(readFails(file).getMessage(), containsString("header"));
    }

    @Test
    void unknownVersion_namesIt() {
      byte[] bytes = npy("<f4", "(1,)", new byte[4]);
      bytes[6] = 4;
      Path file = write(dir, "v4.npy", bytes);

      assertThat(readFails(file).getMessage(), containsString("version 4.0"));
    }
  }
}
