package io.github.modelbudget.harness.eval;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * One immutable row of a {@link ConfusionMatrix} that stores only its non-zero counts, by ascending
 * column: a 1001-class matrix of 50,000 samples holds at most 50,000 of them instead of a million
 * cells, and a 21,843-class one (ImageNet-21k) fits at all.
 */
final class SparseCountRow extends AbstractList<Long> implements RandomAccess {

  private final int size;
  private final int[] columns;
  private final long[] counts;

  /**
   * @param size the number of columns
   * @param columns the columns of the non-zero counts, strictly ascending, each in [0, size)
   * @param counts their counts, each above 0
   */
  SparseCountRow(int size, int[] columns, long[] counts) {
    this.size = size;
    this.columns = columns;
    this.counts = counts;
  }

  @Override
  public Long get(int index) {
    Objects.checkIndex(index, size);
    int at = Arrays.binarySearch(columns, index);
    return at >= 0 ? counts[at] : 0L;
  }

  @Override
  public int size() {
    return size;
  }

  /** The number of non-zero counts. */
  int nonZero() {
    return columns.length;
  }

  /** The column of the {@code i}-th non-zero count. */
  int column(int i) {
    return columns[i];
  }

  /** The {@code i}-th non-zero count. */
  long count(int i) {
    return counts[i];
  }
}
