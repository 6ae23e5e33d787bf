package io.github.modelbudget.harness.data;

/**
 * Limits that keep a hostile or corrupt array file from exhausting memory. Both are checked before
 * anything is allocated for the array.
 *
 * @param maxHeaderBytes the longest {@code .npy} header accepted, in bytes
 * @param maxElements the most elements one array may have
 */
public record NpyLimits(int maxHeaderBytes, int maxElements) {

  /** NumPy's own default header limit ({@code max_header_size} of {@code np.load}) is 10000. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 10_000;

  /**
   * 250 million elements: a 1 GB float array, e.g. 318,000 Quick, Draw! bitmaps; the most whose
   * 8-byte elements still fit in one Java array is 268,435,454.
   */
  public static final int DEFAULT_MAX_ELEMENTS = 250_000_000;

  /** The largest array length a JVM allocates reliably. */
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException if a limit is not positive, or arrays of {@code maxElements}
   *     8-byte elements would not fit in a Java array
   */
  public NpyLimits {
    if (maxHeaderBytes < 1) {
      throw new IllegalArgumentException(
          "maxHeaderBytes must be positive but was " + maxHeaderBytes);
    }
    if (maxElements < 1 || (long) maxElements * Long.BYTES > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException(
          "maxElements must be in [1, "
              + MAX_ARRAY_BYTES / Long.BYTES
              + "] but was "
              + maxElements);
    }
  }

  /**
   * Returns the default limits: {@value #DEFAULT_MAX_HEADER_BYTES} header bytes and {@value
   * #DEFAULT_MAX_ELEMENTS} elements.
   *
   * @return the defaults
   */
  public static NpyLimits defaults() {
    return new NpyLimits(DEFAULT_MAX_HEADER_BYTES, DEFAULT_MAX_ELEMENTS);
  }
}
