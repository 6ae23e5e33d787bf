package io.github.modelbudget.harness.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.BufferOverflowException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DatasetTest {

  /** 3 classes of 10, 20 and 30 samples; sample i has shape [2] with features (i, -i). */
  private static Dataset unbalanced() {
    int n = 60;
    float[] features = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      features[2 * i] = i;
      features[2 * i + 1] = -i;
      labels[i] = i < 10 ? 0 : i < 30 ? 1 : 2;
    }
    return Dataset.of("unbalanced", new int[] {2}, features, labels, List.of("a", "b", "c"));
  }

  private static int[] classCounts(Dataset dataset) {
    int[] counts = new int[dataset.classCount()];
    for (int label : dataset.labels()) {
      counts[label]++;
    }
    return counts;
  }

  /** Returns the sample ids (the first feature) in dataset order. */
  private static List<Integer> ids(Dataset dataset) {
    float[] features = dataset.features(0, dataset.size());
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < dataset.size(); i++) {
      ids.add((int) features[i * dataset.sampleSize()]);
    }
    return ids;
  }

  @Test
  void shuffled_sameSeed_sameOrderAndSamplesKeepTheirLabels() {
    Dataset dataset = unbalanced();

    Dataset first = dataset.shuffled(42);
    Dataset second = dataset.shuffled(42);
    Dataset other = dataset.shuffled(43);

    assertThat(ids(first), equalTo(ids(second)));
    assertThat(ids(first), not(equalTo(ids(other))));
    assertThat(ids(first), not(equalTo(ids(dataset))));
    assertThat(ids(first), containsInAnyOrder(ids(dataset).toArray()));
    for (int i = 0; i < first.size(); i++) {
      int id = ids(first).get(i);
      assertThat(first.label(i), is(dataset.label(id)));
      assertThat(first.features(i, i + 1)[1], is((float) -id));
    }
  }

  @Test
  void stratifiedSplit_keepsEachClassShareAndIsDeterministic() {
    Dataset dataset = unbalanced();

    Dataset.Split split = dataset.stratifiedSplit(0.2, 7);
    Dataset.Split again = dataset.stratifiedSplit(0.2, 7);
    Dataset.Split otherSeed = dataset.stratifiedSplit(0.2, 8);

    assertThat(Arrays.stream(classCounts(split.test())).boxed().toList(), contains(2, 4, 6));
    assertThat(Arrays.stream(classCounts(split.train())).boxed().toList(), contains(8, 16, 24));
    assertThat(ids(split.test()), equalTo(ids(again.test())));
    assertThat(ids(split.test()), not(equalTo(ids(otherSeed.test()))));
    List<Integer> all = new ArrayList<>(ids(split.train()));
    all.addAll(ids(split.test()));
    assertThat(all, containsInAnyOrder(ids(dataset).toArray()));
    assertThat(split.train().name(), is("unbalanced/train"));
    assertThat(split.test().name(), is("unbalanced/test"));
    assertThat(split.test().classNames(), contains("a", "b", "c"));
  }

  @Test
  void sha256_changesWithContentButNotWithName() {
    Dataset dataset = unbalanced();
    float[] features = dataset.features(0, dataset.size());
    features[5] += 0.5f;
    Dataset changedFeature =
        Dataset.of("unbalanced", new int[] {2}, features, dataset.labels(), dataset.classNames());
    int[] labels = dataset.labels();
    labels[0] = 1;
    Dataset changedLabel =
        Dataset.of(
            "unbalanced",
            new int[] {2},
            dataset.features(0, dataset.size()),
            labels,
            dataset.classNames());
    Dataset reshaped =
        Dataset.of(
            "unbalanced",
            new int[] {1, 2},
            dataset.features(0, dataset.size()),
            dataset.labels(),
            dataset.classNames());

    assertThat(dataset.named("another name").sha256(), is(dataset.sha256()));
    assertThat(dataset.sha256(), is(unbalanced().sha256()));
    assertThat(dataset.sha256().length(), is(64));
    assertThat(changedFeature.sha256(), not(dataset.sha256()));
    assertThat(changedLabel.sha256(), not(dataset.sha256()));
    assertThat(reshaped.sha256(), not(dataset.sha256()));
    assertThat(dataset.shuffled(1).sha256(), not(dataset.sha256()));
  }

  @Test
  void scaled_mapsBytesToUnitInterval() {
    Dataset bytes =
        Dataset.of("bytes", new int[] {3}, new float[] {0, 51, 255}, new int[] {0}, List.of());

    float[] scaled = bytes.scaled(1 / 255.0, 0).features(0, 1);

    assertThat((double) scaled[0], closeTo(0, 1e-7));
    assertThat((double) scaled[1], closeTo(0.2, 1e-6));
    assertThat((double) scaled[2], closeTo(1, 1e-6));
    assertThat(bytes.features(0, 1)[2], is(255f));
  }

  @Test
  void batches_coverEverySampleOnceWithASmallerLastBatch() {
    List<Dataset.Batch> batches = unbalanced().batches(25);

    assertThat(
        batches,
        contains(new Dataset.Batch(0, 25), new Dataset.Batch(25, 25), new Dataset.Batch(50, 10)));
  }

  @Test
  void classNames_withoutNames_numbersTheClasses() {
    Dataset dataset =
        Dataset.of(
            "numbered", new int[] {1}, new float[] {1, 2, 3}, new int[] {0, 3, 1}, List.of());

    assertThat(dataset.classCount(), is(4));
    assertThat(dataset.classNames(), contains("0", "1", "2", "3"));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void labelCountDiffersFromSamples_throwsNamingBothCounts() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () ->
                  Dataset.of(
                      "short labels", new int[] {2}, new float[8], new int[] {0, 1, 0}, List.of()));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("short labels"),
              containsString("3 labels"),
              containsString("need 6"),
              containsString("8 were given"),
              containsString("4 samples")));
      assertThat(e.origin(), is("short labels"));
    }

    @Test
    void negativeLabel_throwsNamingTheSample() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Dataset.of("neg", new int[] {1}, new float[2], new int[] {0, -3}, List.of()));

      assertThat(e.getMessage(), allOf(containsString("neg"), containsString("label 1 is -3")));
    }

    @Test
    void labelWithoutClassName_throwsListingTheNames() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () ->
                  Dataset.of(
                      "names", new int[] {1}, new float[2], new int[] {0, 2}, List.of("a", "b")));

      assertThat(
          e.getMessage(),
          allOf(containsString("names"), containsString("label 2"), containsString("[a, b]")));
    }

    @Test
    void noSamples_throwsEmptyDataset() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Dataset.of("nothing", new int[] {1}, new float[0], new int[0], List.of()));

      assertThat(e.getMessage(), allOf(containsString("nothing"), containsString("empty")));
    }

    @Test
    void nonPositiveDimension_throwsNamingTheShape() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Dataset.of("flat", new int[] {0}, new float[0], new int[] {0}, List.of()));

      assertThat(e.getMessage(), containsString("[0]"));
    }

    @Test
    void splitFractionOutsideUnitInterval_isRejected() {
      assertThrows(IllegalArgumentException.class, () -> unbalanced().stratifiedSplit(1.0, 1));
      assertThrows(IllegalArgumentException.class, () -> unbalanced().stratifiedSplit(0, 1));
    }

    @Test
    void splitLeavingTestEmpty_throwsEmptyDataset() {
      Dataset tiny = Dataset.of("tiny", new int[] {1}, new float[2], new int[] {0, 1}, List.of());

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> tiny.stratifiedSplit(0.1, 1));

      assertThat(e.getMessage(), allOf(containsString("tiny/test"), containsString("empty")));
    }
  }

  @Test
  void copyFeatures_intoABufferWithTooLittleRoom_overflowsAndWritesNothing() {
    Dataset dataset =
        Dataset.of("pairs", new int[] {2}, new float[] {1, 2, 3, 4, 5, 6}, new int[3], List.of());
    FloatBuffer buffer = FloatBuffer.allocate(5);

    assertThrows(BufferOverflowException.class, () -> dataset.copyFeatures(0, 3, buffer));
    assertThat(buffer.position(), is(0));
    dataset.copyFeatures(1, 3, buffer);
    assertThat(buffer.position(), is(4));
    assertThat(Arrays.copyOf(buffer.array(), 4), is(new float[] {3, 4, 5, 6}));
  }
}
