package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HalfPrecision} against an oracle written from the IEEE rule alone: the nearest of all
 * 31,744 finite halves, computed exactly with {@link BigDecimal}, ties to the even encoding, and
 * infinity from 65520 (the midpoint between 65504 and 2^16) up.
 */
class HalfPrecisionTest {

  private static final BigDecimal[] POSITIVE_HALVES = new BigDecimal[0x7c00];
  private static final BigDecimal OVERFLOW = new BigDecimal(65520);

  static {
    for (int h = 0; h < POSITIVE_HALVES.length; h++) {
      POSITIVE_HALVES[h] = new BigDecimal(decode(h));
    }
  }

  /** Decodes a positive finite half from its fields. */
  static double decode(int bits) {
    int exponent = (bits >> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    double magnitude =
        exponent == 0
            ? fraction * Math.pow(2, -24)
            : (1024 + fraction) * Math.pow(2, exponent - 25);
    return (bits & 0x8000) != 0 ? -magnitude : magnitude;
  }

  /** The oracle: the half bits the IEEE rule gives for a finite float. */
  static int expected(float value) {
    int sign = (Float.floatToRawIntBits(value) >>> 16) & 0x8000;
    BigDecimal magnitude = new BigDecimal(Math.abs((double) value));
    if (magnitude.compareTo(OVERFLOW) >= 0) {
      return sign | 0x7c00;
    }
    int low = 0;
    int high = POSITIVE_HALVES.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (POSITIVE_HALVES[mid].compareTo(magnitude) <= 0) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    // low is the largest half <= |value|; the candidate above is low + 1 (65504 → 2^16 = inf).
    if (low == POSITIVE_HALVES.length - 1) {
      BigDecimal below = magnitude.subtract(POSITIVE_HALVES[low]);
      BigDecimal above = new BigDecimal(65536).subtract(magnitude);
      int order = below.compareTo(above);
      return sign | (order < 0 || (order == 0 && low % 2 == 0) ? low : 0x7c00);
    }
    BigDecimal below = magnitude.subtract(POSITIVE_HALVES[low]);
    BigDecimal above = POSITIVE_HALVES[low + 1].subtract(magnitude);
    int order = below.compareTo(above);
    int nearest = order < 0 || (order == 0 && low % 2 == 0) ? low : low + 1;
    return sign | nearest;
  }

  private static int actual(float value) {
    return HalfPrecision.fromFloat(value) & 0xffff;
  }

  @Test
  void wellKnownEncodings() {
    assertThat(actual(1f), is(0x3c00));
    assertThat(actual(-2f), is(0xc000));
    assertThat(actual(65504f), is(0x7bff));
    assertThat(actual((float) Math.pow(2, -14)), is(0x0400));
    assertThat(actual((float) Math.pow(2, -24)), is(0x0001));
    assertThat(actual(0f), is(0x0000));
    assertThat(actual(-0f), is(0x8000));
  }

  @ParameterizedTest
  @ValueSource(
      floats = {
        1f + 0x1p-11f, // halfway between 1 and the next half: ties to 1 (even)
        1f + 3 * 0x1p-11f, // halfway, odd below: ties up
        1f + 0x1p-11f + 0x1p-23f, // just above halfway: up
        0x1p-25f, // halfway between 0 and the smallest subnormal: ties to 0
        0x1.8p-25f, // above halfway: the smallest subnormal
        3 * 0x1p-25f, // halfway between subnormals 1 and 2: ties to 2
        5 * 0x1p-25f, // halfway between subnormals 2 and 3: ties to 2
        0x1p-14f - 0x1p-25f, // halfway between the largest subnormal and the smallest normal
        0x1p-14f - 0x1p-24f, // the largest subnormal, exactly
        6.0e-8f,
        1.0e-8f,
        Float.MIN_VALUE, // a float subnormal: zero
        -Float.MIN_VALUE, // negative zero
        2.0e-45f,
        65519.996f, // just below the overflow midpoint: 65504
        65520f, // the midpoint: ties to even, which is 2^16, so infinity
        65536f,
        1.0e10f,
        -1.0e10f,
        Float.MAX_VALUE,
        0.1f,
        -0.333333f,
        3.14159265f,
        2047.5f,
        2049f // halfway between 2048 and 2050: ties to 2048
      })
  void edgeCases_followTheRule(float value) {
    assertThat(Float.toString(value), actual(value), is(expected(value)));
  }

  @Test
  void infinities_stayInfinite() {
    assertThat(actual(Float.POSITIVE_INFINITY), is(0x7c00));
    assertThat(actual(Float.NEGATIVE_INFINITY), is(0xfc00));
  }

  @Test
  void nan_staysNanWithItsSign() {
    int positive = actual(Float.NaN);
    int negative = actual(Float.intBitsToFloat(0xffc00001));
    int signalling = actual(Float.intBitsToFloat(0x7f800001));

    for (int bits : new int[] {positive, negative, signalling}) {
      assertThat(
          Integer.toHexString(bits), (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0, is(true));
    }
    assertThat(negative & 0x8000, is(0x8000));
    assertThat(positive & 0x8000, is(0));
  }

  @Test
  void randomFloatsOverEveryExponent_followTheRule() {
    SplittableRandom random = new SplittableRandom(20);
    for (int i = 0; i < 20_000; i++) {
      float value = Float.intBitsToFloat(random.nextInt());
      if (Float.isNaN(value) || Float.isInfinite(value)) {
        continue;
      }
      assertThat(Float.toString(value), actual(value), is(expected(value)));
    }
  }

  @Test
  void randomFloatsInTheHalfRange_followTheRule() {
    SplittableRandom random = new SplittableRandom(21);
    for (int i = 0; i < 20_000; i++) {
      // Exponents from the subnormals to the overflow: where rounding matters.
      float value =
          (float)
              ((random.nextBoolean() ? 1 : -1)
                  * random.nextDouble()
                  * Math.pow(2, random.nextInt(-27, 17)));
      assertThat(Float.toString(value), actual(value), is(expected(value)));
    }
  }
}
