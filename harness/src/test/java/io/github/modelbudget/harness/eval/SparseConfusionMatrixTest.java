package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Above 100 classes a confusion matrix keeps only its non-zero counts: every query answers as the
 * same matrix with every cell does, and a class count whose full matrix could not be allocated
 * (50,000 classes: 20 GB of cells) is held at all.
 */
class SparseConfusionMatrixTest {

  private static List<String> names(int k) {
    return IntStream.range(0, k).mapToObj(c -> "c" + c).toList();
  }

  @Test
  void manyClasses_sparseRows_answerEveryQueryAsTheFullMatrix() {
    int k = 301;
    int n = 4000;
    SplittableRandom random = new SplittableRandom(7);
    int[] labels = new int[n];
    int[] predictions = new int[n];
    long[][] expected = new long[k][k];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(k);
      predictions[i] = random.nextInt(3) == 0 ? random.nextInt(k) : labels[i];
      expected[labels[i]][predictions[i]]++;
    }
    List<List<Long>> denseRows = new ArrayList<>();
    for (long[] row : expected) {
      denseRows.add(java.util.Arrays.stream(row).boxed().toList());
    }

    ConfusionMatrix sparse = ConfusionMatrix.of(names(k), labels, predictions);
    ConfusionMatrix dense = new ConfusionMatrix(names(k), denseRows);

    assertThat(sparse.counts(), everyItem(instanceOf(SparseCountRow.class)));
    assertThat(sparse, is(dense));
    assertThat(sparse.hashCode(), is(dense.hashCode()));
    for (int a = 0; a < k; a++) {
      assertThat(sparse.support(a), is(dense.support(a)));
      assertThat(sparse.predicted(a), is(dense.predicted(a)));
      for (int p = 0; p < k; p++) {
        assertThat(sparse.count(a, p), is(expected[a][p]));
      }
    }
    assertThat(sparse.classMetrics(), is(dense.classMetrics()));
    assertThat(sparse.topConfusions(20), is(dense.topConfusions(20)));
    assertThat(sparse.worstClasses(20), is(dense.worstClasses(20)));
  }

  @Test
  void fiftyThousandClasses_fromARecordsCells_areHeldWithoutTheFullMatrix() throws IOException {
    int k = 50_000;
    String json =
        "{\"classNames\":"
            + new ObjectMapper().writeValueAsString(names(k))
            + ",\"cells\":[[49999,3,2],[7,7,5],[49999,49999,1]]}";

    ConfusionMatrix m = new ObjectMapper().readValue(json, ConfusionMatrix.class);

    assertThat(m.count(49_999, 3), is(2L));
    assertThat(m.count(7, 7), is(5L));
    assertThat(m.count(3, 49_999), is(0L));
    assertThat(m.support(49_999), is(3L));
    assertThat(m.predicted(3), is(2L));
    assertThat(m.topConfusions(5), is(List.of(new ConfusionMatrix.Confusion(49_999, 3, 2))));
    assertThat(m.classMetrics().size(), is(k));
    assertThat(new ObjectMapper().writeValueAsString(m).length() < json.length() + 100, is(true));
  }
}
