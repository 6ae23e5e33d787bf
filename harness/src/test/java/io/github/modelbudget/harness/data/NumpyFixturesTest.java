package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.numpyFixture;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads .npy files written by NumPy itself. The fixtures in {@code data/numpy/} were made by NumPy
 * 2.4.6 with {@code cd harness/src/test/resources/data/numpy && python3 make_fixtures.py}; the
 * script states each file's content, which these tests check value by value.
 */
class NumpyFixturesTest {

  private final NpyReader reader = NpyReader.withDefaultLimits();

  private static List<Double> values(NdArray array) {
    List<Double> values = new java.util.ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      values.add(array.getDouble(i));
    }
    return values;
  }

  @Test
  void littleEndianFloat32_matrix() {
    NdArray array = reader.read(numpyFixture("f4_le.npy"));

    assertThat(array.elementType(), is(ElementType.FLOAT32));
    assertThat(array.byteOrder(), is(ByteOrder.LITTLE_ENDIAN));
    assertThat(array.shape(), contains(2, 3));
    assertThat(values(array), contains(0.0, 0.25, 0.5, 0.75, 1.0, 1.25));
  }

  @Test
  void bigEndianFloat64_keepsExtremeValues() {
    NdArray array = reader.read(numpyFixture("f8_be.npy"));

    assertThat(array.elementType(), is(ElementType.FLOAT64));
    assertThat(array.byteOrder(), is(ByteOrder.BIG_ENDIAN));
    assertThat(values(array), contains(1.5, -2.25, 1e300, -0.0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "u1.npy; UINT8; 0,1,254,255",
        "i1.npy; INT8; -128,-1,0,127",
        "i2_be.npy; INT16; -300,2,7,32767",
        "i4_le.npy; INT32; -2147483648,0,2147483647",
        "i8_be.npy; INT64; -5,1099511627776",
        "i4_v3.npy; INT32; 3,1,4,1,5"
      })
  void integerTypes_readExactly(String file, ElementType type, String expected) {
    NdArray array = reader.read(numpyFixture(file));

    assertThat(array.elementType(), is(type));
    assertThat(
        values(array), contains(Arrays.stream(expected.split(",")).map(Double::valueOf).toArray()));
  }

  @Test
  void version2Header_isRead() {
    NdArray array = reader.read(numpyFixture("f4_v2.npy"));

    assertThat(array.shape(), contains(2, 2, 1));
    assertThat(values(array), contains(0.0, 1.0, 2.0, 3.0));
  }

  @Test
  void scalar_hasNoDimensions() {
    NdArray array = reader.read(numpyFixture("scalar.npy"));

    assertThat(array.shape(), empty());
    assertThat(values(array), contains(2.5));
  }

  @Test
  void int64BeyondIntRange_isNotALabel() {
    NdArray array = reader.read(numpyFixture("i8_be.npy"));

    InvalidDataException e = assertThrows(InvalidDataException.class, array::toIntArray);

    assertThat(
        e.getMessage(),
        allOf(containsString("i8_be.npy"), containsString("1099511627776"), containsString("int")));
  }

  @Nested
  @DisplayName("bad input written by NumPy")
  class BadInput {

    @Test
    void fortranOrderedArray_isRejected() {
      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(numpyFixture("fortran.npy")));

      assertThat(e.getMessage(), allOf(containsString("fortran.npy"), containsString("Fortran")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"complex.npy, <c8", "bool.npy, |b1", "unicode.npy, <U5"})
    void unsupportedDtype_isRejected(String file, String descr) {
      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(numpyFixture(file)));

      assertThat(
          e.getMessage(),
          allOf(containsString(file), containsString("unsupported dtype '" + descr + "'")));
    }
  }
}
