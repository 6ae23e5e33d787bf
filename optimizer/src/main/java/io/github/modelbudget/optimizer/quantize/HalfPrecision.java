package io.github.modelbudget.optimizer.quantize;

/**
 * Converts {@code float} values to IEEE 754 binary16 ("half") bits, rounding to nearest with ties
 * to even, as TFLite's converter does for float16 quantization.
 *
 * <p>Java has {@code Float.floatToFloat16} only from Java 20; this project targets Java 17. Values
 * beyond the largest half (65504) by half an ulp or more become infinities, values below the
 * smallest subnormal by half of it or more become (signed) zeros, and NaN stays a quiet NaN with
 * its sign and the top bits of its payload.
 */
public final class HalfPrecision {

  private static final int HALF_INFINITY = 0x7c00;
  private static final int HALF_QUIET_NAN = 0x0200;
  private static final int FLOAT_FRACTION_BITS = 23;
  private static final int HALF_FRACTION_BITS = 10;
  private static final int DROPPED_BITS = FLOAT_FRACTION_BITS - HALF_FRACTION_BITS;
  private static final int EXPONENT_BIAS_DIFFERENCE = 127 - 15;

  private HalfPrecision() {}

  /**
   * Returns the half nearest to a float, ties to even.
   *
   * @param value any float
   * @return the binary16 bits
   */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> FLOAT_FRACTION_BITS) & 0xff;
    int fraction = bits & 0x7fffff;
    if (exponent == 0xff) {
      return (short)
          (fraction == 0
              ? sign | HALF_INFINITY
              : sign | HALF_INFINITY | HALF_QUIET_NAN | (fraction >>> DROPPED_BITS));
    }
    int halfExponent = exponent - EXPONENT_BIAS_DIFFERENCE;
    if (halfExponent >= 0x1f) {
      return (short) (sign | HALF_INFINITY);
    }
    if (halfExponent > 0) {
      // A carry out of the fraction raises the exponent, up to infinity: the right result.
      int half = (halfExponent << HALF_FRACTION_BITS) | (fraction >>> DROPPED_BITS);
      return (short) (sign | roundHalfEven(half, fraction, DROPPED_BITS));
    }
    // A half subnormal (or zero): the float's 24-bit significand in units of 2^-24.
    int shift = DROPPED_BITS + 1 - halfExponent;
    if (shift > FLOAT_FRACTION_BITS + 1) {
      return (short) sign;
    }
    int significand = exponent == 0 ? fraction : fraction | (1 << FLOAT_FRACTION_BITS);
    return (short) (sign | roundHalfEven(significand >>> shift, significand, shift));
  }

  /**
   * Converts a whole array.
   *
   * @param values the floats
   * @return one half per float, in order
   */
  public static short[] fromFloats(float[] values) {
    short[] halves = new short[values.length];
    for (int i = 0; i < values.length; i++) {
      halves[i] = fromFloat(values[i]);
    }
    return halves;
  }

  /**
   * Rounds a truncated value up when the dropped bits are more than half, or half and it is odd.
   */
  private static int roundHalfEven(int truncated, int original, int droppedBits) {
    int dropped = original & ((1 << droppedBits) - 1);
    int halfway = 1 << (droppedBits - 1);
    return dropped > halfway || (dropped == halfway && (truncated & 1) == 1)
        ? truncated + 1
        : truncated;
  }
}
