package io.github.modelbudget.harness.eval;

/**
 * One class index per sample in the narrowest array that holds them: a byte each for up to 128
 * classes (every binary and most multi-class models), a short each up to 32,768, an int beyond, so
 * that an evaluation of millions of samples keeps its predictions in a few megabytes.
 */
final class ClassIndices {

  private final byte[] bytes;
  private final short[] shorts;
  private final int[] ints;
  private final int size;

  private ClassIndices(byte[] bytes, short[] shorts, int[] ints, int size) {
    this.bytes = bytes;
    this.shorts = shorts;
    this.ints = ints;
    this.size = size;
  }

  /** Stores indices that are all in {@code [0, classCount)}. */
  static ClassIndices of(int[] indices, int classCount) {
    if (classCount <= Byte.MAX_VALUE + 1) {
      byte[] narrow = new byte[indices.length];
      for (int i = 0; i < indices.length; i++) {
        narrow[i] = (byte) indices[i];
      }
      return new ClassIndices(narrow, null, null, indices.length);
    }
    if (classCount <= Short.MAX_VALUE + 1) {
      short[] narrow = new short[indices.length];
      for (int i = 0; i < indices.length; i++) {
        narrow[i] = (short) indices[i];
      }
      return new ClassIndices(null, narrow, null, indices.length);
    }
    return new ClassIndices(null, null, indices.clone(), indices.length);
  }

  int get(int sample) {
    if (bytes != null) {
      return bytes[sample];
    }
    return shorts != null ? shorts[sample] : ints[sample];
  }

  int size() {
    return size;
  }

  int[] toArray() {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) {
      all[i] = get(i);
    }
    return all;
  }
}
