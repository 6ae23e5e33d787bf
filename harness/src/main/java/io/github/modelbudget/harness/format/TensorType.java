package io.github.modelbudget.harness.format;

import java.util.Optional;

/**
 * The element types a {@code .tflite} tensor can have, with their codes in the TFLite schema.
 *
 * <p>{@link #elementBits()} is the storage size of one element; types without a fixed size ({@link
 * #STRING}, {@link #RESOURCE}, {@link #VARIANT}) report 0.
 */
public enum TensorType {
  FLOAT32(0, 32),
  FLOAT16(1, 16),
  INT32(2, 32),
  UINT8(3, 8),
  INT64(4, 64),
  STRING(5, 0),
  BOOL(6, 8),
  INT16(7, 16),
  COMPLEX64(8, 64),
  INT8(9, 8),
  FLOAT64(10, 64),
  COMPLEX128(11, 128),
  UINT64(12, 64),
  RESOURCE(13, 0),
  VARIANT(14, 0),
  UINT32(15, 32),
  UINT16(16, 16),
  INT4(17, 4);

  private static final TensorType[] BY_CODE = values();

  private final int code;
  private final int elementBits;

  TensorType(int code, int elementBits) {
    this.code = code;
    this.elementBits = elementBits;
  }

  /**
   * Returns the type's code in the TFLite schema ({@code tflite::TensorType}).
   *
   * @return the schema code
   */
  public int code() {
    return code;
  }

  /**
   * Returns the number of bits one element occupies, or 0 for types without a fixed size.
   *
   * @return the element size in bits
   */
  public int elementBits() {
    return elementBits;
  }

  /**
   * Returns the storage size of {@code elements} elements of this type, rounded up to whole bytes.
   *
   * @param elements the element count, not negative
   * @return the size in bytes, 0 for types without a fixed size
   */
  public long bytesFor(long elements) {
    return (elements * elementBits + 7) / 8;
  }

  /**
   * Returns the type with a schema code.
   *
   * @param code the schema code
   * @return the type, or empty for a code this version of ModelBudget does not know
   */
  public static Optional<TensorType> fromCode(int code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[code]) : Optional.empty();
  }
}
