package io.github.modelbudget.harness.data;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Several sources of the same sample size one after the other, e.g. one class file per class. */
final class ConcatenatedFeatures implements FeatureSource {

  private final List<FeatureSource> parts;
  private final int[] starts;
  private final int sampleSize;

  ConcatenatedFeatures(List<FeatureSource> parts) {
    this.parts = List.copyOf(parts);
    if (this.parts.isEmpty()) {
      throw new IllegalArgumentException("no parts");
    }
    this.sampleSize = this.parts.get(0).sampleSize();
    this.starts = new int[this.parts.size() + 1];
    for (int p = 0; p < this.parts.size(); p++) {
      if (this.parts.get(p).sampleSize() != sampleSize) {
        throw new IllegalArgumentException("parts of different sample sizes");
      }
      starts[p + 1] = Math.addExact(starts[p], this.parts.get(p).samples());
    }
  }

  @Override
  public int samples() {
    return starts[parts.size()];
  }

  @Override
  public int sampleSize() {
    return sampleSize;
  }

  @Override
  public boolean inMemory() {
    return parts.stream().allMatch(FeatureSource::inMemory);
  }

  @Override
  public void copy(int from, int to, float[] into, int offset) {
    Objects.checkFromToIndex(from, to, samples());
    int at = from;
    while (at < to) {
      int part = partOf(at);
      int end = Math.min(to, starts[part + 1]);
      parts.get(part).copy(at - starts[part], end - starts[part], into, offset);
      offset += (end - at) * sampleSize;
      at = end;
    }
  }

  @Override
  public void copy(int from, int to, FloatBuffer into) {
    Objects.checkFromToIndex(from, to, samples());
    int at = from;
    while (at < to) {
      int part = partOf(at);
      int end = Math.min(to, starts[part + 1]);
      parts.get(part).copy(at - starts[part], end - starts[part], into);
      at = end;
    }
  }

  /** Returns the part that holds sample {@code at}, skipping empty parts. */
  private int partOf(int at) {
    int search = Arrays.binarySearch(starts, at);
    int part = search >= 0 ? search : -search - 2;
    while (starts[part + 1] == at) {
      part++;
    }
    return part;
  }
}
