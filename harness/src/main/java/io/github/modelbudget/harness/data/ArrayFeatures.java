package io.github.modelbudget.harness.data;

import java.nio.FloatBuffer;
import java.util.Objects;

/** Features held in one float array, row-major; the array is not copied and never changed. */
record ArrayFeatures(float[] values, int sampleSize) implements FeatureSource {

  ArrayFeatures {
    Objects.requireNonNull(values, "values");
    if (sampleSize < 1 || values.length % sampleSize != 0) {
      throw new IllegalArgumentException(
          values.length + " values are not whole samples of " + sampleSize);
    }
  }

  @Override
  public int samples() {
    return values.length / sampleSize;
  }

  @Override
  public void copy(int from, int to, float[] into, int offset) {
    Objects.checkFromToIndex(from, to, samples());
    System.arraycopy(values, from * sampleSize, into, offset, (to - from) * sampleSize);
  }

  @Override
  public void copy(int from, int to, FloatBuffer into) {
    Objects.checkFromToIndex(from, to, samples());
    into.put(values, from * sampleSize, (to - from) * sampleSize);
  }

  @Override
  public boolean inMemory() {
    return true;
  }
}
