package io.github.modelbudget.harness.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Float targets: how {@code .npz} labels become a regression dataset, and tasks stated. */
class RegressionDataTest {

  @TempDir Path dir;

  private Path npz(String name, byte[] labels) {
    byte[] x = DataFiles.npyFloats(ByteOrder.LITTLE_ENDIAN, "(3, 1)", 0.5f, 1.5f, 2.5f);
    return DataFiles.write(dir, name, DataFiles.zip(Map.of("x.npy", x, "y.npy", labels)));
  }

  @Test
  void fractionalFloatLabels_loadAsRegressionTargets() {
    Path file =
        npz("sine.npz", DataFiles.npyFloats(ByteOrder.LITTLE_ENDIAN, "(3,)", 0.1f, -0.4f, 0.9f));

    Dataset data = Datasets.load(file);

    assertThat(data.task(), is(Task.REGRESSION));
    assertThat(data.targetWidth(), is(1));
    assertArrayEquals(new float[] {0.1f, -0.4f, 0.9f}, data.targets());
    assertThat(data.classCount(), is(0));
    assertThat(data.toString(), containsString("1 target per sample"));
  }

  @Test
  void floatLabelsOfSeveralColumns_areSeveralTargetsPerSample() {
    Path file =
        npz("two.npz", DataFiles.npyFloats(ByteOrder.BIG_ENDIAN, "(3, 2)", 1, 2, 3, 4, 5, 6));

    Dataset data = Datasets.load(file);

    assertThat(data.task(), is(Task.REGRESSION));
    assertThat(data.targetWidth(), is(2));
    assertArrayEquals(new float[] {3, 4}, data.subset(new int[] {1}, "one").targets());
  }

  @Test
  void wholeFloatLabels_loadAsClassesKeepingTheirTargets() {
    Dataset data =
        Datasets.load(
            npz("whole.npz", DataFiles.npyFloats(ByteOrder.LITTLE_ENDIAN, "(3,)", 0, 1, 1)));

    assertThat(data.task(), is(Task.CLASSIFICATION));
    assertThat(data.classCount(), is(2));
    assertThat(data.hasTargets(), is(true));
    assertThat(data.withTask(Task.CLASSIFICATION).hasTargets(), is(false));
    assertThat(data.withTask(Task.REGRESSION).task(), is(Task.REGRESSION));
  }

  @Test
  void integerLabels_stayClassification_andStatedRegressionReadsThemAsTargets() {
    Dataset data = Datasets.load(npz("ints.npz", DataFiles.npyLongs("(3,)", 2, 0, 1)));

    Dataset regression = data.withTask(Task.REGRESSION);

    assertThat(data.task(), is(Task.CLASSIFICATION));
    assertThat(data.hasTargets(), is(false));
    assertArrayEquals(new float[] {2, 0, 1}, regression.targets());
    assertThat(regression.sha256(), not(is(data.sha256())));
    assertThat(regression.withTask(Task.CLASSIFICATION).sha256(), is(data.sha256()));
  }

  @Test
  void nanTarget_isRefusedNamingTheFileAndTheSample() {
    Path file =
        npz("nan.npz", DataFiles.npyFloats(ByteOrder.LITTLE_ENDIAN, "(3,)", 0.5f, Float.NaN, 1));

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Datasets.load(file));

    assertThat(
        e.getMessage(),
        allOf(containsString("nan.npz"), containsString("sample 1"), containsString("finite")));
  }

  @Test
  void fractionalTargets_statedClassification_isRefused() {
    Dataset data =
        Dataset.ofTargets("t", new int[] {1}, new float[] {0, 1}, new float[] {0.5f, 1}, 1);

    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> data.withTask(Task.CLASSIFICATION));

    assertThat(e.getMessage(), containsString("target 0 is 0.5; classification needs whole"));
  }

  @Test
  void integerLabelsOfSeveralColumns_areStillRefused() {
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () -> Datasets.load(npz("cols.npz", DataFiles.npyLongs("(3, 2)", 1, 2, 3, 4, 5, 6))));

    assertThat(e.getMessage(), containsString("expected one integer per sample"));
  }

  @Test
  void regressionDataset_writtenAsNpz_loadsBackTheSame() {
    Dataset data =
        Dataset.ofTargets(
            "two", new int[] {1}, new float[] {1, 2}, new float[] {0.25f, -1, 3.5f, 7}, 2);
    Path file = dir.resolve("two.npz");

    Datasets.writeNpz(data, file);
    Dataset read = Datasets.load(file);

    assertThat(read.sha256(), is(data.sha256()));
    assertThat(read.task(), is(Task.REGRESSION));
    assertThat(Task.parse(" Regression "), is(Task.REGRESSION));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> Task.parse("ranking")).getMessage(),
        containsString("expected 'classification' or 'regression'"));
    assertThat(List.of(Task.values()).toString(), is("[classification, regression]"));
  }
}
