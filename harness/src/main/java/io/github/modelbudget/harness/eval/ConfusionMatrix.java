package io.github.modelbudget.harness.eval;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (true class, predicted class) pairs: {@code counts.get(actual).get(predicted)}.
 *
 * <p>A matrix of more than {@value #DENSE_MAX_CLASSES} classes keeps only its non-zero counts in
 * memory (its rows are still lists of every column, zeros included, when read), and in JSON (run
 * records) lists only those cells, as {@code [actual, predicted, count]}; see {@code
 * ConfusionMatrixJson}.
 *
 * @param classNames the classes, in index order
 * @param counts one row per true class, one column per predicted class
 */
@JsonSerialize(using = ConfusionMatrixJson.Serializer.class)
@JsonDeserialize(using = ConfusionMatrixJson.Deserializer.class)
public record ConfusionMatrix(List<String> classNames, List<List<Long>> counts) {

  /** The most classes whose matrix keeps every cell, in memory and in JSON. */
  public static final int DENSE_MAX_CLASSES = 100;

  /** Validates and copies. */
  public ConfusionMatrix {
    classNames = List.copyOf(classNames);
    List<List<Long>> rows = new ArrayList<>();
    for (List<Long> row : Objects.requireNonNull(counts, "counts")) {
      if (row.size() != classNames.size()) {
        throw new IllegalArgumentException(
            "every row needs " + classNames.size() + " columns but one has " + row.size());
      }
      rows.add(row instanceof SparseCountRow ? row : List.copyOf(row));
    }
    if (rows.size() != classNames.size()) {
      throw new IllegalArgumentException(
          classNames.size() + " classes need as many rows but there are " + rows.size());
    }
    counts = List.copyOf(rows);
  }

  /**
   * Tallies labels against predictions.
   *
   * @param classNames the classes
   * @param labels the true class of each sample
   * @param predictions the predicted class of each sample
   * @return the matrix
   */
  public static ConfusionMatrix of(List<String> classNames, int[] labels, int[] predictions) {
    int k = classNames.size();
    if (k > DENSE_MAX_CLASSES) {
      long[] keys = new long[labels.length];
      for (int i = 0; i < labels.length; i++) {
        keys[i] = (long) labels[i] * k + predictions[i];
      }
      Arrays.sort(keys);
      int distinct = 0;
      long[] counts = new long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        if (i == 0 || keys[i] != keys[i - 1]) {
          keys[distinct++] = keys[i];
        }
        counts[distinct - 1]++;
      }
      return new ConfusionMatrix(classNames, sparseRows(k, Arrays.copyOf(keys, distinct), counts));
    }
    long[][] tally = new long[k][k];
    for (int i = 0; i < labels.length; i++) {
      tally[labels[i]][predictions[i]]++;
    }
    List<List<Long>> rows = new ArrayList<>(k);
    for (long[] row : tally) {
      rows.add(Arrays.stream(row).boxed().toList());
    }
    return new ConfusionMatrix(classNames, rows);
  }

  /**
   * Makes sparse rows from cells given by key {@code actual * k + predicted}, strictly ascending,
   * with their counts (the first {@code keys.length} of {@code counts}).
   */
  static List<List<Long>> sparseRows(int k, long[] keys, long[] counts) {
    List<List<Long>> rows = new ArrayList<>(k);
    int from = 0;
    for (int actual = 0; actual < k; actual++) {
      int to = from;
      while (to < keys.length && keys[to] / k == actual) {
        to++;
      }
      int[] columns = new int[to - from];
      long[] values = new long[to - from];
      for (int i = from; i < to; i++) {
        columns[i - from] = (int) (keys[i] % k);
        values[i - from] = counts[i];
      }
      rows.add(new SparseCountRow(k, columns, values));
      from = to;
    }
    return rows;
  }

  /** Receives one non-zero cell. */
  interface CellConsumer {
    void accept(int actual, int predicted, long count);
  }

  /** Calls {@code consumer} for every non-zero cell, row by row, by ascending column. */
  void forEachNonZero(CellConsumer consumer) {
    for (int actual = 0; actual < counts.size(); actual++) {
      List<Long> row = counts.get(actual);
      if (row instanceof SparseCountRow sparse) {
        for (int i = 0; i < sparse.nonZero(); i++) {
          consumer.accept(actual, sparse.column(i), sparse.count(i));
        }
      } else {
        for (int p = 0; p < row.size(); p++) {
          long cell = row.get(p);
          if (cell != 0) {
            consumer.accept(actual, p, cell);
          }
        }
      }
    }
  }

  /**
   * Returns one cell.
   *
   * @param actual the true class
   * @param predicted the predicted class
   * @return the number of samples of {@code actual} predicted as {@code predicted}
   */
  public long count(int actual, int predicted) {
    return counts.get(actual).get(predicted);
  }

  /**
   * Returns the number of samples of one true class.
   *
   * @param actual the class
   * @return the row sum
   */
  public long support(int actual) {
    List<Long> row = counts.get(actual);
    if (row instanceof SparseCountRow sparse) {
      long sum = 0;
      for (int i = 0; i < sparse.nonZero(); i++) {
        sum += sparse.count(i);
      }
      return sum;
    }
    return row.stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns the number of samples predicted as one class.
   *
   * @param predicted the class
   * @return the column sum
   */
  public long predicted(int predicted) {
    Objects.checkIndex(predicted, classNames.size());
    long[] sum = new long[1];
    forEachNonZero((a, p, count) -> sum[0] += p == predicted ? count : 0);
    return sum[0];
  }

  /**
   * Returns the one-vs-rest metrics of every class.
   *
   * @return one entry per class, in index order
   */
  public List<ClassMetrics> classMetrics() {
    int k = classNames.size();
    // Column sums in one pass: a column at a time would be cubic in the class count.
    long[] predicted = new long[k];
    long[] support = new long[k];
    long[] right = new long[k];
    forEachNonZero(
        (actual, p, cell) -> {
          predicted[p] += cell;
          support[actual] += cell;
          right[actual] += actual == p ? cell : 0;
        });
    List<ClassMetrics> metrics = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      metrics.add(ClassMetrics.of(classNames.get(c), support[c], predicted[c], right[c]));
    }
    return List.copyOf(metrics);
  }

  /**
   * Returns the most frequent confusions: off-diagonal cells, largest count first (ties by true
   * class, then predicted class), without empty cells.
   *
   * @param limit the most to return
   * @return at most {@code limit} confusions
   */
  public List<Confusion> topConfusions(int limit) {
    List<Confusion> all = new ArrayList<>();
    forEachNonZero(
        (actual, p, cell) -> {
          if (p != actual) {
            all.add(new Confusion(actual, p, cell));
          }
        });
    all.sort(
        Comparator.comparingLong(Confusion::count)
            .reversed()
            .thenComparingInt(Confusion::actual)
            .thenComparingInt(Confusion::predicted));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /**
   * Returns the classes with the lowest recall among those that occur in the data: lowest recall
   * first, then the larger support (more samples missed), then index order.
   *
   * @param limit the most to return
   * @return at most {@code limit} classes' metrics, each with its support
   */
  public List<ClassMetrics> worstClasses(int limit) {
    List<ClassMetrics> present = new ArrayList<>();
    for (ClassMetrics m : classMetrics()) {
      if (m.support() > 0) {
        present.add(m);
      }
    }
    // A stable sort keeps index order among equals.
    present.sort(
        Comparator.comparingDouble(ClassMetrics::recall)
            .thenComparing(Comparator.comparingLong(ClassMetrics::support).reversed()));
    return List.copyOf(present.subList(0, Math.min(limit, present.size())));
  }

  /**
   * One off-diagonal cell of a confusion matrix.
   *
   * @param actual the true class's index
   * @param predicted the predicted class's index
   * @param count the samples of {@code actual} predicted as {@code predicted}
   */
  public record Confusion(int actual, int predicted, long count) {}
}
