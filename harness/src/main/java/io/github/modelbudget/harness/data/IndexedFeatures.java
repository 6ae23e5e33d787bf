package io.github.modelbudget.harness.data;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A view that picks samples of another source by index (a subset, a shuffle, a split), so that
 * reordering a dataset left in its file does not read it into memory. Runs of consecutive indices
 * are copied in one call.
 */
record IndexedFeatures(FeatureSource source, int[] indices) implements FeatureSource {

  IndexedFeatures {
    Objects.requireNonNull(source, "source");
    for (int index : indices) {
      Objects.checkIndex(index, source.samples());
    }
  }

  @Override
  public int samples() {
    return indices.length;
  }

  @Override
  public int sampleSize() {
    return source.sampleSize();
  }

  @Override
  public void copy(int from, int to, float[] into, int offset) {
    Objects.checkFromToIndex(from, to, indices.length);
    int size = source.sampleSize();
    int i = from;
    while (i < to) {
      int run = i + 1;
      while (run < to && indices[run] == indices[run - 1] + 1) {
        run++;
      }
      source.copy(indices[i], indices[run - 1] + 1, into, offset + (i - from) * size);
      i = run;
    }
  }

  @Override
  public void copy(int from, int to, FloatBuffer into) {
    Objects.checkFromToIndex(from, to, indices.length);
    int i = from;
    while (i < to) {
      int run = i + 1;
      while (run < to && indices[run] == indices[run - 1] + 1) {
        run++;
      }
      source.copy(indices[i], indices[run - 1] + 1, into);
      i = run;
    }
  }
}
