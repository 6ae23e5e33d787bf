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
 * <p>In JSON (run records) a matrix of more than 100 classes lists only its cells that are not
 * zero, as {@code [actual, predicted, count]}; see {@code ConfusionMatrixJson}.
 *
 * @param classNames the classes, in index order
 * @param counts one row per true class, one column per predicted class
 */
@JsonSerialize(using = ConfusionMatrixJson.Serializer.class)
@JsonDeserialize(using = ConfusionMatrixJson.Deserializer.class)
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
    int k = classNames.size();
    // Column sums in one pass: a column at a time would be cubic in the class count.
    long[] predicted = new long[k];
    long[] support = new long[k];
    for (int actual = 0; actual < k; actual++) {
      List<Long> row = counts.get(actual);
      for (int p = 0; p < k; p++) {
        long cell = row.get(p);
        predicted[p] += cell;
        support[actual] += cell;
      }
    }
    List<ClassMetrics> metrics = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      metrics.add(ClassMetrics.of(classNames.get(c), support[c], predicted[c], count(c, c)));
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
    for (int actual = 0; actual < classNames.size(); actual++) {
      List<Long> row = counts.get(actual);
      for (int p = 0; p < row.size(); p++) {
        long cell = row.get(p);
        if (p != actual && cell > 0) {
          all.add(new Confusion(actual, p, cell));
        }
      }
    }
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
