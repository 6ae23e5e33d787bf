package io.github.modelbudget.harness.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Counts of (true class, predicted class) pairs: {@code counts.get(actual).get(predicted)}.
 *
 * @param classNames the classes, in index order
 * @param counts one row per true class, one column per predicted class
 */
public record ConfusionMatrix(List<String> classNames, List<List<Long>> counts) {

  /** Validates and copies. */
  public ConfusionMatrix {
    classNames = List.copyOf(classNames);
    List<List<Long>> rows = new ArrayList<>();
    for (List<Long> row : Objects.requireNonNull(counts, "counts")) {
      if (row.size() != classNames.size()) {
        throw new IllegalArgumentException(
            "every row needs " + classNames.size() + " columns but one has " + row.size());
      }
      rows.add(List.copyOf(row));
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
    return counts.get(actual).stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Returns the number of samples predicted as one class.
   *
   * @param predicted the class
   * @return the column sum
   */
  public long predicted(int predicted) {
    return counts.stream().mapToLong(row -> row.get(predicted)).sum();
  }

  /**
   * Returns the one-vs-rest metrics of every class.
   *
   * @return one entry per class, in index order
   */
  public List<ClassMetrics> classMetrics() {
    List<ClassMetrics> metrics = new ArrayList<>(classNames.size());
    for (int c = 0; c < classNames.size(); c++) {
      metrics.add(ClassMetrics.of(classNames.get(c), support(c), predicted(c), count(c, c)));
    }
    return List.copyOf(metrics);
  }
}
