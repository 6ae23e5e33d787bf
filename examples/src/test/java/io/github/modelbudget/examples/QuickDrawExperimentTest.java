package io.github.modelbudget.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The data behind the other examples: accuracy on drawings the variants were trained on would say
 * nothing, so the held-out file must be the split's test part and share no drawing with training.
 */
@QuickDrawExperiment
class QuickDrawExperimentTest {

  private static List<FloatBuffer> rows(Dataset data) {
    List<FloatBuffer> rows = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      rows.add(FloatBuffer.wrap(data.features(i, i + 1)));
    }
    return rows;
  }

  private static int[] classCounts(Dataset data) {
    int[] counts = new int[data.classCount()];
    for (int label : data.labels()) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void heldOutFile_isTheSplitsTestPart() {
    Dataset expected = QuickDrawVariantsExtension.split().test();

    Dataset heldOut = Datasets.load(QuickDrawVariantsExtension.TEST_DATA);

    assertThat(heldOut.sampleShape(), contains(28, 28));
    assertArrayEquals(expected.labels(), heldOut.labels());
    assertArrayEquals(expected.features(0, expected.size()), heldOut.features(0, heldOut.size()));
  }

  @Test
  void heldOutFile_holdsAQuarterOfEachClass() {
    Dataset.Split split = QuickDrawVariantsExtension.split();

    Dataset heldOut = Datasets.load(QuickDrawVariantsExtension.TEST_DATA);

    int[] all = classCounts(split.train());
    int[] held = classCounts(heldOut);
    for (int c = 0; c < held.length; c++) {
      all[c] += held[c];
      assertThat(held[c], is((int) Math.round(all[c] * QuickDrawVariantsExtension.TEST_FRACTION)));
    }
  }

  @Test
  void heldOutFile_sharesNoDrawingWithTheTrainingData() {
    Set<FloatBuffer> trained = new HashSet<>(rows(QuickDrawVariantsExtension.split().train()));

    List<FloatBuffer> seenInTraining =
        rows(Datasets.load(QuickDrawVariantsExtension.TEST_DATA)).stream()
            .filter(trained::contains)
            .toList();

    assertThat(seenInTraining, is(empty()));
  }
}
