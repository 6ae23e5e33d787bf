package io.github.modelbudget.harness.data;

import java.nio.BufferOverflowException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Images left in their files and decoded, resized and normalised each time samples are read, so
 * that a folder of images much larger than the heap evaluates a batch at a time. The values are
 * exactly those an in-memory load gives: the same decoding and arithmetic, only later.
 *
 * @param files one image per sample
 * @param options the size, channels and normalisation
 * @param maxPixels the largest image decoded
 */
record DecodedImages(List<Path> files, ImageOptions options, long maxPixels)
    implements FeatureSource {

  DecodedImages {
    files = List.copyOf(files);
    Objects.requireNonNull(options, "options");
  }

  @Override
  public int samples() {
    return files.size();
  }

  @Override
  public int sampleSize() {
    return options.height() * options.width() * options.channels();
  }

  @Override
  public void copy(int from, int to, float[] into, int offset) {
    Objects.checkFromToIndex(from, to, samples());
    int size = sampleSize();
    Objects.checkFromIndexSize(offset, (to - from) * size, into.length);
    for (int i = from; i < to; i++) {
      ImageFiles.read(files.get(i), options, maxPixels, into, offset + (i - from) * size);
    }
  }

  @Override
  public void copy(int from, int to, FloatBuffer into) {
    Objects.checkFromToIndex(from, to, samples());
    int size = sampleSize();
    if (into.remaining() < (long) (to - from) * size) {
      throw new BufferOverflowException();
    }
    float[] sample = new float[size];
    for (int i = from; i < to; i++) {
      ImageFiles.read(files.get(i), options, maxPixels, sample, 0);
      into.put(sample);
    }
  }
}
