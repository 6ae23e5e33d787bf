package io.github.modelbudget.harness.data;

import java.nio.FloatBuffer;

/**
 * Where a {@link Dataset}'s feature values live: in a float array on the heap, or left in a file
 * and read as they are asked for. Samples are numbered from 0; every source hands out float values
 * in row-major order, a whole number of samples at a time, so that the evaluator can copy a batch
 * into a model's input whatever the storage.
 *
 * <p>Implementations are immutable and safe to read from several threads at once.
 */
sealed interface FeatureSource
    permits ArrayFeatures,
        MappedFeatures,
        ScaledFeatures,
        IndexedFeatures,
        ConcatenatedFeatures,
        DecodedImages {

  /** Returns the number of samples. */
  int samples();

  /** Returns the number of values of one sample. */
  int sampleSize();

  /**
   * Copies the values of samples {@code [from, to)} into {@code into} from {@code offset}.
   *
   * @throws IndexOutOfBoundsException if the range is not within the source or the destination
   */
  void copy(int from, int to, float[] into, int offset);

  /**
   * Copies the values of samples {@code [from, to)} into a buffer at its position, which advances
   * past them: the evaluator hands a model's input tensor here, so that a batch is copied once.
   *
   * @throws IndexOutOfBoundsException if the range is not within the source
   * @throws java.nio.BufferOverflowException if the buffer has too little room
   */
  void copy(int from, int to, FloatBuffer into);

  /**
   * Tells whether the values are on the heap, so that transformations may copy them eagerly (as
   * small datasets always have) instead of stacking a lazy view on them.
   */
  default boolean inMemory() {
    return false;
  }
}
