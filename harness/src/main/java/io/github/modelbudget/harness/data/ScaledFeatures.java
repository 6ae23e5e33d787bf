package io.github.modelbudget.harness.data;

import java.nio.FloatBuffer;

/**
 * A view that maps every value of another source to {@code value × scale + offset} as it is read,
 * computed exactly as {@link Dataset#scaled(double, double)} computes it for in-memory data.
 */
record ScaledFeatures(FeatureSource source, double scale, double offset) implements FeatureSource {

  @Override
  public int samples() {
    return source.samples();
  }

  @Override
  public int sampleSize() {
    return source.sampleSize();
  }

  @Override
  public void copy(int from, int to, float[] into, int at) {
    source.copy(from, to, into, at);
    int end = at + (to - from) * source.sampleSize();
    for (int i = at; i < end; i++) {
      into[i] = (float) (into[i] * scale + offset);
    }
  }

  @Override
  public void copy(int from, int to, FloatBuffer into) {
    int start = into.position();
    source.copy(from, to, into);
    for (int i = start; i < into.position(); i++) {
      into.put(i, (float) (into.get(i) * scale + offset));
    }
  }
}
