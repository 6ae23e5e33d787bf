package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.gzip;
import static io.github.modelbudget.harness.data.DataFiles.idx;
import static io.github.modelbudget.harness.data.DataFiles.npy;
import static io.github.modelbudget.harness.data.DataFiles.npyFloats;
import static io.github.modelbudget.harness.data.DataFiles.npyLongs;
import static io.github.modelbudget.harness.data.DataFiles.numpyFixture;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static io.github.modelbudget.harness.data.DataFiles.zip;
import static io.github.modelbudget.harness.data.QuickDrawReadersTest.CAT;
import static io.github.modelbudget.harness.data.QuickDrawReadersTest.EMPTY;
import static io.github.modelbudget.harness.data.QuickDrawReadersTest.bitmapLine;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetsTest {

  @TempDir Path dir;

  private static List<Integer> labels(Dataset dataset) {
    return Arrays.stream(dataset.labels()).boxed().toList();
  }

  /** Writes {@code count} uint8 bitmaps of 784 bytes, bitmap i filled with value i + 1. */
  private Path bitmapFile(String name, int count) {
    byte[] data = new byte[count * 784];
    for (int i = 0; i < count; i++) {
      Arrays.fill(data, i * 784, (i + 1) * 784, (byte) (i + 1));
    }
    return write(dir, name, npy("|u1", "(" + count + ", 784)", data));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "test.npz, NPZ",
    "The Eiffel Tower.npy, QUICKDRAW_BITMAP",
    "cat.ndjson, QUICKDRAW_STROKES",
    "The Mona Lisa.ndjson.gz, QUICKDRAW_JS",
    "train-images-idx3-ubyte, IDX",
    "t10k-images.idx3-ubyte, IDX",
    "train-images-idx3-ubyte.gz, IDX",
    "DATA.NPZ, NPZ"
  })
  void detect_recognisesTheFileName(String name, DatasetFormat format) {
    assertThat(DatasetFormat.detect(Path.of(name)), is(Optional.of(format)));
  }

  @Test
  void detect_unknownName_isEmpty() {
    assertThat(DatasetFormat.detect(Path.of("notes.txt")), is(Optional.empty()));
    assertThat(
        DatasetFormat.QUICKDRAW_JS.className(Path.of("The Mona Lisa.ndjson.gz")),
        is("The Mona Lisa"));
  }

  @Test
  void open_missingPath_namesItAndWhatWasExpected() {
    Path missing = dir.resolve("nothing.npz");

    InvalidDataException e =
        assertThrows(
            InvalidDataException.class, () -> Datasets.open(missing, LoadOptions.defaults()));

    assertThat(
        e.getMessage(), allOf(containsString(missing.toString()), containsString("no such file")));
  }

  @Test
  void open_fileOrClassFolder_loadsEither() throws IOException {
    Path npz = dir.resolve("xy.npz");
    Files.copy(numpyFixture("xy.npz"), npz);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    write(classes, "cat.ndjson", CAT + "\n");

    assertThat(Datasets.open(npz, LoadOptions.defaults()).size(), is(Datasets.load(npz).size()));
    assertThat(Datasets.open(classes, LoadOptions.defaults()).classNames(), contains("cat"));
  }

  @Test
  void load_numpyNpz_usesFirstAxisAsSamples() {
    Dataset dataset = Datasets.load(numpyFixture("xy.npz"));

    assertThat(dataset.name(), is("xy.npz"));
    assertThat(dataset.size(), is(4));
    assertThat(dataset.sampleShape(), contains(2, 3));
    assertThat(labels(dataset), contains(0, 1, 2, 1));
    assertThat(dataset.features(3, 4)[5], is(23f));
    assertThat(dataset.classCount(), is(3));
  }

  @Test
  void load_npzWithOtherKeys_andMaxPerClass_keepsTheFirstOfEachClass() {
    Dataset dataset =
        Datasets.load(
            numpyFixture("images_labels.npz"),
            LoadOptions.defaults().withKeys("images", "labels").withMaxSamplesPerClass(1));

    assertThat(dataset.sampleShape(), contains(3));
    assertThat(labels(dataset), contains(1, 0));
    assertThat(dataset.features(0, 2)[0], is(0f));
    assertThat(dataset.features(0, 2)[3], is(255f));
  }

  @Test
  void load_npzWithOneDimensionalFeaturesAndColumnLabels_givesScalarSamples() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(3,)", 0.5f, 1.5f, 2.5f));
    entries.put("y.npy", npyFloats(ByteOrder.BIG_ENDIAN, "(3, 1)", 1f, 0f, 1f));
    Path file = write(dir, "column.npz", zip(entries));

    Dataset dataset = Datasets.load(file);

    assertThat(dataset.sampleShape(), contains(1));
    assertThat(labels(dataset), contains(1, 0, 1));
  }

  @Test
  void load_idxImagesFindsItsLabelsByName() {
    byte[] pixels = new byte[3 * 4];
    pixels[4] = (byte) 255;
    write(dir, "train-images-idx3-ubyte", idx(0x08, new int[] {3, 2, 2}, pixels));
    write(dir, "train-labels-idx1-ubyte", idx(0x08, new int[] {3}, new byte[] {7, 0, 9}));

    Dataset dataset = Datasets.load(dir.resolve("train-images-idx3-ubyte")).scaled(1 / 255.0, 0);

    assertThat(dataset.name(), is("train-images-idx3-ubyte"));
    assertThat(dataset.sampleShape(), contains(2, 2));
    assertThat(labels(dataset), contains(7, 0, 9));
    assertThat(dataset.classCount(), is(10));
    assertThat(dataset.features(1, 2)[0], is(1f));
  }

  @Test
  void load_idxWithExplicitLabelsFile() {
    Path images =
        write(dir, "digits.idx3-ubyte", idx(0x08, new int[] {2, 1, 1}, new byte[] {1, 2}));
    Path labels = write(dir, "answers.idx1-ubyte", idx(0x08, new int[] {2}, new byte[] {1, 0}));

    Dataset dataset = Datasets.load(images, LoadOptions.defaults().withLabelsFile(labels));

    assertThat(labels(dataset), contains(1, 0));
  }

  @Test
  void fromClassFiles_mixedFormats_classesInNameOrderWhateverTheGivenOrder() {
    Path zebra = bitmapFile("zebra.npy", 3);
    Path cat = write(dir, "cat.ndjson", CAT + "\n" + EMPTY + "\n");
    Path apple = write(dir, "apple.ndjson.gz", gzip(bitmapLine(784) + "\r\n"));

    Dataset dataset = Datasets.fromClassFiles(List.of(zebra, cat, apple), LoadOptions.defaults());
    Dataset reordered = Datasets.fromClassFiles(List.of(apple, zebra, cat), LoadOptions.defaults());

    assertThat(dataset.classNames(), contains("apple", "cat", "zebra"));
    assertThat(labels(dataset), contains(0, 1, 1, 2, 2, 2));
    assertThat(dataset.sampleShape(), contains(28, 28));
    assertThat(dataset.name(), is(dir.getFileName().toString()));
    assertThat(reordered.sha256(), is(dataset.sha256()));
    // zebra's second bitmap is all 2/255; the apple line's value 10 is 1.
    assertThat((double) dataset.features(4, 5)[100], closeTo(2 / 255.0, 1e-7));
    assertThat(dataset.features(0, 1)[10], is(1f));
    float[] all = dataset.features(0, dataset.size());
    for (float v : all) {
      assertThat(v >= 0 && v <= 1, is(true));
    }
  }

  @Test
  void fromClassFiles_maxSamplesPerClass_readsOnlyTheStartOfEachFile() {
    Path zebra = bitmapFile("zebra.npy", 5);
    Path cat = write(dir, "cat.ndjson", CAT + "\n" + CAT + "\n" + CAT + "\n");

    Dataset dataset =
        Datasets.fromClassFiles(
            List.of(zebra, cat), LoadOptions.defaults().withMaxSamplesPerClass(2));

    assertThat(labels(dataset), contains(0, 0, 1, 1));
    assertThat((double) dataset.features(3, 4)[0], closeTo(2 / 255.0, 1e-7));
  }

  @Test
  void load_singleClassFile_isAOneClassDataset() {
    Dataset dataset = Datasets.load(bitmapFile("The Eiffel Tower.npy", 2));

    assertThat(dataset.classNames(), contains("The Eiffel Tower"));
    assertThat(labels(dataset), contains(0, 0));
  }

  @Test
  void fromClassDirectory_takesEveryClassFileAndIgnoresOthers() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("doodles"));
    Files.copy(bitmapFile("b.npy", 1), classes.resolve("b.npy"));
    Files.copy(bitmapFile("a.npy", 2), classes.resolve("a.npy"));
    write(classes, "README.txt", "not data");

    Dataset dataset = Datasets.fromClassDirectory(classes, LoadOptions.defaults());

    assertThat(dataset.name(), is("doodles"));
    assertThat(dataset.classNames(), contains("a", "b"));
    assertThat(labels(dataset), contains(0, 0, 1));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    private InvalidDataException loadFails(Path file) {
      return assertThrows(InvalidDataException.class, () -> Datasets.load(file));
    }

    @Test
    void npzLabelCountDiffersFromSampleCount_namesBothCounts() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(3, 2)", 1, 2, 3, 4, 5, 6));
      entries.put("y.npy", npyLongs("(2,)", 0, 1));
      Path file = write(dir, "mismatch.npz", zip(entries));

      assertThat(
          loadFails(file).getMessage(),
          allOf(
              containsString("mismatch.npz"),
              containsString("have 3 samples"),
              containsString("have 2")));
    }

    @Test
    void idxLabelCountDiffersFromImageCount_namesBothFiles() {
      Path images = write(dir, "x-images-idx3-ubyte", idx(0x08, new int[] {2, 1, 1}, new byte[2]));
      write(dir, "x-labels-idx1-ubyte", idx(0x08, new int[] {3}, new byte[3]));

      assertThat(
          loadFails(images).getMessage(),
          allOf(
              containsString("x-images-idx3-ubyte"),
              containsString("x-labels-idx1-ubyte"),
              containsString("have 2 samples but the labels"),
              containsString("have 3")));
    }

    @Test
    void idxLabelsFileMissing_namesTheFileLookedFor() {
      Path images = write(dir, "y-images-idx3-ubyte", idx(0x08, new int[] {1, 1, 1}, new byte[1]));

      assertThat(
          loadFails(images).getMessage(),
          allOf(containsString("y-labels-idx1-ubyte"), containsString("missing")));
    }

    @Test
    void emptyNpz_isAnEmptyDataset() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(0, 4)"));
      entries.put("y.npy", npyLongs("(0,)"));
      Path file = write(dir, "empty.npz", zip(entries));

      assertThat(
          loadFails(file).getMessage(),
          allOf(containsString("empty.npz"), containsString("empty")));
    }

    @Test
    void negativeLabelInNpz_namesTheFile() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(2,)", 1, 2));
      entries.put("y.npy", npyLongs("(2,)", 0, -1));
      Path file = write(dir, "negative.npz", zip(entries));

      assertThat(
          loadFails(file).getMessage(),
          allOf(containsString(file.toString()), containsString("label 1 is -1")));
    }

    @Test
    void labelsThatAreNotAColumn_areRejected() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(2,)", 1, 2));
      entries.put("y.npy", npyLongs("(2, 2)", 0, 1, 1, 0));
      Path file = write(dir, "onehot.npz", zip(entries));

      assertThat(
          loadFails(file).getMessage(),
          allOf(containsString("onehot.npz!y.npy"), containsString("[2, 2]")));
    }

    @Test
    void emptyClassFile_isAnEmptyClass() {
      Path cat = write(dir, "cat.ndjson", CAT + "\n");
      Path dog = write(dir, "dog.ndjson", "\n");

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromClassFiles(List.of(cat, dog), LoadOptions.defaults()));

      assertThat(
          e.getMessage(), allOf(containsString("dog.ndjson"), containsString("no drawings")));
    }

    @Test
    void classesOverTheElementLimit_areRejectedNamingTheLimit() {
      Path a = bitmapFile("a.npy", 2);
      Path b = write(dir, "b.ndjson", CAT + "\n" + CAT + "\n");
      LoadOptions fiveSamples = LoadOptions.defaults().withLimits(new NpyLimits(1000, 5 * 784));

      Dataset fits = Datasets.fromClassFiles(List.of(a, b), fiveSamples);
      Path c = write(dir, "c.ndjson", CAT + "\n" + CAT + "\n");
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromClassFiles(List.of(a, b, c), fiveSamples));

      assertThat(fits.size(), is(4));
      assertThat(
          e.getMessage(),
          allOf(containsString("c.ndjson"), containsString("more than 3920 values")));
    }

    @Test
    void twoFilesForOneClass_areRejected() {
      Path npy = bitmapFile("cat.npy", 1);
      Path strokes = write(dir, "cat.ndjson", CAT + "\n");

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromClassFiles(List.of(npy, strokes), LoadOptions.defaults()));

      assertThat(e.getMessage(), allOf(containsString("class 'cat'"), containsString("cat.npy")));
    }

    @Test
    void multiClassFileAsClassFile_isRejected() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () ->
                  Datasets.fromClassFiles(List.of(numpyFixture("xy.npz")), LoadOptions.defaults()));

      assertThat(e.getMessage(), allOf(containsString("xy.npz"), containsString("Datasets.load")));
    }

    @Test
    void unknownExtension_listsTheKnownOnes() {
      Path file = write(dir, "data.txt", "1,2");

      assertThat(
          loadFails(file).getMessage(),
          allOf(containsString("data.txt"), containsString(".npz, .npy, .ndjson")));
    }

    @Test
    void directoryWithoutClassFiles_saysWhatWasExpected() {
      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromClassDirectory(dir, LoadOptions.defaults()));

      assertThat(
          e.getMessage(), allOf(containsString(dir.toString()), containsString("no class files")));
    }

    @Test
    void malformedStrokeLineThroughTheFacade_keepsTheLineNumber() {
      Path file = write(dir, "cat.ndjson", CAT + "\n{oops\n");

      assertThat(
          loadFails(file).getMessage(),
          allOf(containsString("cat.ndjson"), containsString("line 2")));
    }
  }
}
