package io.github.modelbudget.harness.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense n-dimensional array read from a file, kept as its raw bytes until it is converted.
 *
 * <p>Keeping the file's bytes (one byte per element for {@code uint8} images) and converting once
 * into the caller's type avoids holding a wide intermediate copy of big arrays. Elements are in C
 * (row-major) order. Instances are immutable.
 */
public final class NdArray {

  private final String origin;
  private final int[] shape;
  private final ElementType type;
  private final ByteBuffer data;
  private final int size;

  NdArray(String origin, int[] shape, ElementType type, ByteOrder order, byte[] data) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.shape = shape.clone();
    this.type = Objects.requireNonNull(type, "type");
    this.size = Math.toIntExact(elementCount(shape));
    if ((long) size * type.bytes() != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " of "
              + type
              + " needs "
              + (long) size * type.bytes()
              + " bytes but "
              + data.length
              + " were given");
    }
    this.data = ByteBuffer.wrap(data).order(order).asReadOnlyBuffer().order(order);
  }

  /**
   * Returns the file (or file and entry) the array was read from.
   *
   * @return the origin, never {@code null}
   */
  public String origin() {
    return origin;
  }

  /**
   * Returns the array's dimensions.
   *
   * @return the shape; empty for a scalar
   */
  public List<Integer> shape() {
    return Arrays.stream(shape).boxed().toList();
  }

  /**
   * Returns the element type.
   *
   * @return the type, never {@code null}
   */
  public ElementType elementType() {
    return type;
  }

  /**
   * Returns the byte order the elements were stored in.
   *
   * @return the file's byte order
   */
  public ByteOrder byteOrder() {
    return data.order();
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the shape
   */
  public int size() {
    return size;
  }

  /**
   * Returns one element as a double; 64-bit integers beyond 2<sup>53</sup> lose precision.
   *
   * @param index the element's flat (row-major) index
   * @return its value
   */
  public double getDouble(int index) {
    Objects.checkIndex(index, size);
    int at = index * type.bytes();
    return switch (type) {
      case UINT8 -> data.get(at) & 0xFF;
      case INT8 -> data.get(at);
      case INT16 -> data.getShort(at);
      case INT32 -> data.getInt(at);
      case INT64 -> data.getLong(at);
      case FLOAT32 -> data.getFloat(at);
      case FLOAT64 -> data.getDouble(at);
    };
  }

  /**
   * Converts every element to a float, without scaling.
   *
   * @return a new array of {@link #size()} values in row-major order
   */
  public float[] toFloatArray() {
    float[] values = new float[size];
    if (type == ElementType.UINT8) {
      // The common case (images) by far; skip the per-element type dispatch.
      for (int i = 0; i < size; i++) {
        values[i] = data.get(i) & 0xFF;
      }
    } else {
      for (int i = 0; i < size; i++) {
        values[i] = (float) getDouble(i);
      }
    }
    return values;
  }

  /**
   * Converts every element to an int, for labels. Floating-point elements are accepted when they
   * hold whole numbers, as labels saved from float arrays do.
   *
   * @return a new array of {@link #size()} values in row-major order
   * @throws InvalidDataException if an element is not a whole number or does not fit in an int
   */
  public int[] toIntArray() {
    int[] values = new int[size];
    for (int i = 0; i < size; i++) {
      if (type == ElementType.INT64) {
        long exact = data.getLong(i * 8);
        if (exact < Integer.MIN_VALUE || exact > Integer.MAX_VALUE) {
          throw new InvalidDataException(
              origin, "element " + i + " is " + exact + ", which does not fit in an int label");
        }
        values[i] = (int) exact;
        continue;
      }
      double value = getDouble(i);
      if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        throw new InvalidDataException(
            origin,
            "element " + i + " is " + value + "; integer labels were expected (" + type + " data)");
      }
      values[i] = (int) value;
    }
    return values;
  }

  @Override
  public String toString() {
    return "NdArray[" + origin + ", " + type + " " + Arrays.toString(shape) + "]";
  }

  /** Returns the product of the dimensions, or {@code Long.MAX_VALUE} if it overflows. */
  static long elementCount(int[] shape) {
    long count = 1;
    for (int dim : shape) {
      try {
        count = Math.multiplyExact(count, dim);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return count;
  }
}
