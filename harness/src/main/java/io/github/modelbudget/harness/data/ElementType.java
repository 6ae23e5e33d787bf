package io.github.modelbudget.harness.data;

/** The numeric element types that the NumPy and IDX readers understand. */
public enum ElementType {
  /** Unsigned 8-bit integer: NumPy {@code u1}, IDX {@code 0x08}. */
  UINT8(1, true),
  /** Signed 8-bit integer: NumPy {@code i1}, IDX {@code 0x09}. */
  INT8(1, true),
  /** Signed 16-bit integer: NumPy {@code i2}, IDX {@code 0x0B}. */
  INT16(2, true),
  /** Signed 32-bit integer: NumPy {@code i4}, IDX {@code 0x0C}. */
  INT32(4, true),
  /** Signed 64-bit integer: NumPy {@code i8}. */
  INT64(8, true),
  /** IEEE 754 single precision: NumPy {@code f4}, IDX {@code 0x0D}. */
  FLOAT32(4, false),
  /** IEEE 754 double precision: NumPy {@code f8}, IDX {@code 0x0E}. */
  FLOAT64(8, false);

  private final int bytes;
  private final boolean integral;

  ElementType(int bytes, boolean integral) {
    this.bytes = bytes;
    this.integral = integral;
  }

  /**
   * Returns the size of one element.
   *
   * @return the number of bytes, 1 to 8
   */
  public int bytes() {
    return bytes;
  }

  /**
   * Tells whether the type holds integers.
   *
   * @return {@code true} for the integer types
   */
  public boolean integral() {
    return integral;
  }
}
