package io.github.modelbudget.harness.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Features left in a file and read through a memory map: the operating system pages them in as
 * batches are asked for and may drop them again, so a dataset far larger than the heap costs no
 * heap. Float32 values in the platform's byte order are copied in bulk; other element types and
 * byte orders are converted value by value, per batch, exactly as {@link NdArray#toFloatArray()}
 * converts them.
 *
 * <p>A mapping is at most 2 GiB, so the data is mapped in chunks of whole samples. The file may be
 * closed once mapped. If it changes while mapped, the values read change with it: datasets are
 * assumed not to be rewritten while they are evaluated.
 */
final class MappedFeatures implements FeatureSource {

  /** The most bytes one mapping holds: far below 2 GiB, still few mappings for large files. */
  private static final long CHUNK_BYTES = 1L << 30;

  /** The values converted at a time when other types are copied into a buffer. */
  private static final int CONVERSION_BLOCK = 4096;

  private final List<ByteBuffer> chunks;
  private final int samplesPerChunk;
  private final int samples;
  private final int sampleSize;
  private final ElementType type;
  private final double divisor;

  private MappedFeatures(
      List<ByteBuffer> chunks,
      int samplesPerChunk,
      int samples,
      int sampleSize,
      ElementType type,
      double divisor) {
    this.chunks = chunks;
    this.samplesPerChunk = samplesPerChunk;
    this.samples = samples;
    this.sampleSize = sampleSize;
    this.type = type;
    this.divisor = divisor;
  }

  /**
   * Maps {@code samples × sampleSize} values of a type from {@code position} in an open channel.
   *
   * @throws InvalidDataException if one sample is too large to map
   * @throws IOException if the mapping fails
   */
  static MappedFeatures map(
      FileChannel channel,
      long position,
      int samples,
      int sampleSize,
      ElementType type,
      ByteOrder order,
      String origin)
      throws IOException {
    return map(channel, position, samples, sampleSize, type, order, origin, CHUNK_BYTES);
  }

  /** As {@link #map}, with at most {@code chunkBytes} (or one sample) in each mapping. */
  static MappedFeatures map(
      FileChannel channel,
      long position,
      int samples,
      int sampleSize,
      ElementType type,
      ByteOrder order,
      String origin,
      long chunkBytes)
      throws IOException {
    Objects.requireNonNull(order, "order");
    long sampleBytes = (long) sampleSize * type.bytes();
    if (sampleBytes > Integer.MAX_VALUE - 8) {
      throw new InvalidDataException(
          origin, "one sample holds " + sampleBytes + " bytes, more than can be mapped (2 GiB)");
    }
    int perChunk = (int) Math.max(1, Math.min(samples, chunkBytes / Math.max(1, sampleBytes)));
    List<ByteBuffer> chunks = new ArrayList<>();
    for (long first = 0; first < samples; first += perChunk) {
      long count = Math.min(perChunk, samples - first);
      ByteBuffer chunk =
          channel.map(
              FileChannel.MapMode.READ_ONLY, position + first * sampleBytes, count * sampleBytes);
      chunks.add(chunk.order(order));
    }
    return new MappedFeatures(List.copyOf(chunks), perChunk, samples, sampleSize, type, 1);
  }

  /**
   * Returns a view whose values are divided by {@code divisor} as they are read, computed as {@code
   * (float) (value / divisor)} in double precision, as the Quick, Draw! bitmap reader does.
   */
  MappedFeatures dividedBy(double divisor) {
    return new MappedFeatures(chunks, samplesPerChunk, samples, sampleSize, type, divisor);
  }

  /** Returns the type the values are stored as. */
  ElementType type() {
    return type;
  }

  @Override
  public int samples() {
    return samples;
  }

  @Override
  public int sampleSize() {
    return sampleSize;
  }

  @Override
  public void copy(int from, int to, float[] into, int offset) {
    Objects.checkFromToIndex(from, to, samples);
    Objects.checkFromIndexSize(offset, (to - from) * sampleSize, into.length);
    int at = from;
    while (at < to) {
      int chunk = at / samplesPerChunk;
      int first = at - chunk * samplesPerChunk;
      int end = Math.min(to, (chunk + 1) * samplesPerChunk);
      int count = (end - at) * sampleSize;
      read(chunks.get(chunk), first * sampleSize, count, into, offset);
      offset += count;
      at = end;
    }
  }

  @Override
  public void copy(int from, int to, FloatBuffer into) {
    Objects.checkFromToIndex(from, to, samples);
    int at = from;
    while (at < to) {
      int chunk = at / samplesPerChunk;
      int first = at - chunk * samplesPerChunk;
      int end = Math.min(to, (chunk + 1) * samplesPerChunk);
      read(chunks.get(chunk), first * sampleSize, (end - at) * sampleSize, into);
      at = end;
    }
  }

  /** Reads {@code count} values from value index {@code start} of a chunk into a buffer. */
  private void read(ByteBuffer chunk, int start, int count, FloatBuffer into) {
    if (type == ElementType.FLOAT32 && divisor == 1) {
      int bytes = Float.BYTES;
      into.put(chunk.slice(start * bytes, count * bytes).order(chunk.order()).asFloatBuffer());
      return;
    }
    // Converted through a small block rather than a batch-sized array, exactly as into an array.
    float[] block = new float[Math.min(count, CONVERSION_BLOCK)];
    for (int done = 0; done < count; done += block.length) {
      int n = Math.min(block.length, count - done);
      read(chunk, start + done, n, block, 0);
      into.put(block, 0, n);
    }
  }

  /** Reads {@code count} values from value index {@code start} of a chunk. */
  private void read(ByteBuffer chunk, int start, int count, float[] into, int offset) {
    int bytes = type.bytes();
    // A slice per call: the chunk's own position is never moved, so threads may share it.
    ByteBuffer data = chunk.slice(start * bytes, count * bytes).order(chunk.order());
    switch (type) {
      case FLOAT32 -> data.asFloatBuffer().get(into, offset, count);
      case UINT8 -> {
        for (int i = 0; i < count; i++) {
          into[offset + i] = data.get(i) & 0xFF;
        }
      }
      case INT8 -> {
        for (int i = 0; i < count; i++) {
          into[offset + i] = data.get(i);
        }
      }
      case INT16 -> {
        for (int i = 0; i < count; i++) {
          into[offset + i] = data.getShort(i * 2);
        }
      }
      case INT32 -> {
        for (int i = 0; i < count; i++) {
          into[offset + i] = (float) (double) data.getInt(i * 4);
        }
      }
      case INT64 -> {
        for (int i = 0; i < count; i++) {
          into[offset + i] = (float) (double) data.getLong(i * 8);
        }
      }
      case FLOAT64 -> {
        for (int i = 0; i < count; i++) {
          into[offset + i] = (float) data.getDouble(i * 8);
        }
      }
    }
    if (divisor != 1) {
      for (int i = offset; i < offset + count; i++) {
        into[i] = (float) (into[i] / divisor);
      }
    }
  }
}
