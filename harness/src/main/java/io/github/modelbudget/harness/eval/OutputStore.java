package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.InputFiles;
import io.github.modelbudget.harness.ModelBudgetException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A model's raw outputs, row-major, on the heap or memory-mapped from a temporary file ({@link
 * OutputStorage}). Workers write disjoint ranges concurrently; reads come after every write.
 */
final class OutputStore {

  /** The most elements a Java array can hold on common JVMs. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  // A mapped store is split into chunks of 2^26 floats (256 MiB): one mapping holds at most 2 GiB.
  private static final int CHUNK_SHIFT = 26;
  private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

  private final long size;
  private final float[] heap;
  private final FloatBuffer[] chunks;

  private OutputStore(long size, float[] heap, FloatBuffer[] chunks) {
    this.size = size;
    this.heap = heap;
    this.chunks = chunks;
  }

  /** Wraps values already on the heap (not copied). */
  static OutputStore of(float[] values) {
    return new OutputStore(values.length, values, null);
  }

  /**
   * Allocates a store of zeros.
   *
   * @param values how many floats
   * @param storage where they go
   * @param origin names the model in an error message
   * @throws ModelBudgetException if a mapped store's file cannot be made, or outputs too many for
   *     an array are to stay on the heap
   */
  static OutputStore allocate(long values, OutputStorage storage, String origin) {
    if (!storage.maps(values)) {
      if (values > MAX_ARRAY) {
        throw new ModelBudgetException(
            origin
                + ": its outputs on this dataset are "
                + values
                + " values, more than one array holds; evaluate with OutputStorage.AUTO or MAPPED");
      }
      return of(new float[(int) values]);
    }
    Path file = null;
    try {
      file = Files.createTempFile("modelbudget-outputs-", ".f32");
      int count = (int) ((values + CHUNK_MASK) >>> CHUNK_SHIFT);
      FloatBuffer[] chunks = new FloatBuffer[count];
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        for (int c = 0; c < count; c++) {
          long first = (long) c << CHUNK_SHIFT;
          long length = Math.min(values - first, 1L << CHUNK_SHIFT);
          chunks[c] =
              channel
                  .map(FileChannel.MapMode.READ_WRITE, first * Float.BYTES, length * Float.BYTES)
                  .order(ByteOrder.nativeOrder())
                  .asFloatBuffer();
        }
      }
      return new OutputStore(values, null, chunks);
    } catch (IOException e) {
      throw new ModelBudgetException(
          origin
              + ": cannot keep its "
              + values
              + " outputs in a temporary file in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + InputFiles.describe(e),
          e);
    } finally {
      deleteMapped(file);
    }
  }

  private static void deleteMapped(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A platform that cannot delete a mapped file (Windows): leave it for the JVM's exit.
      file.toFile().deleteOnExit();
    }
  }

  /** The number of floats. */
  long size() {
    return size;
  }

  /** Whether the values live in a mapped file rather than the heap. */
  boolean mapped() {
    return heap == null;
  }

  float get(long index) {
    if (heap != null) {
      return heap[Math.toIntExact(index)];
    }
    return chunks[(int) (index >>> CHUNK_SHIFT)].get((int) (index & CHUNK_MASK));
  }

  /**
   * Copies {@code length} values of {@code source} from {@code from} to this store at {@code at}.
   */
  void put(long at, float[] source, int from, int length) {
    if (heap != null) {
      System.arraycopy(source, from, heap, Math.toIntExact(at), length);
      return;
    }
    while (length > 0) {
      FloatBuffer chunk = chunks[(int) (at >>> CHUNK_SHIFT)];
      int offset = (int) (at & CHUNK_MASK);
      int part = Math.min(length, chunk.capacity() - offset);
      chunk.put(offset, source, from, part);
      at += part;
      from += part;
      length -= part;
    }
  }

  /**
   * Copies every value into an array.
   *
   * @throws ModelBudgetException if there are more than an array holds
   */
  float[] toArray() {
    if (heap != null) {
      return heap.clone();
    }
    if (size > MAX_ARRAY) {
      throw new ModelBudgetException(
          size + " outputs are more than one array holds; read them by sample instead");
    }
    float[] values = new float[(int) size];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c].get(0, values, c << CHUNK_SHIFT, chunks[c].capacity());
    }
    return values;
  }
}
