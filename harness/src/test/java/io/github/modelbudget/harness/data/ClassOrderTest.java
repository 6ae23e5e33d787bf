package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.npy;
import static io.github.modelbudget.harness.data.DataFiles.npyFloats;
import static io.github.modelbudget.harness.data.DataFiles.npyLongs;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static io.github.modelbudget.harness.data.DataFiles.zip;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label order of class files given by {@link LoadOptions#withClasses}. */
class ClassOrderTest {

  @TempDir Path dir;

  /** A numpy_bitmap file of {@code count} drawings, each filled with {@code value}. */
  private Path bitmaps(String name, int count, int value) {
    byte[] data = new byte[count * 784];
    Arrays.fill(data, (byte) value);
    return write(dir, name, npy("|u1", "(" + count + ", 784)", data));
  }

  private static List<Integer> labels(Dataset dataset) {
    return IntStream.of(dataset.labels()).boxed().toList();
  }

  @Test
  void fromClassDirectory_classesGiven_numbersTheFilesInThatOrder() {
    bitmaps("The Eiffel Tower.npy", 2, 10);
    bitmaps("The Mona Lisa.npy", 1, 20);

    Dataset sorted = Datasets.fromClassDirectory(dir, LoadOptions.defaults());
    Dataset seedOrder =
        Datasets.fromClassDirectory(
            dir, LoadOptions.defaults().withClasses(List.of("The Mona Lisa", "The Eiffel Tower")));

    assertThat(sorted.classNames(), contains("The Eiffel Tower", "The Mona Lisa"));
    assertThat(labels(sorted), contains(0, 0, 1));
    assertThat(seedOrder.classNames(), contains("The Mona Lisa", "The Eiffel Tower"));
    // The Eiffel Tower is label 1 now, and its drawings (value 10) keep that label.
    for (int i = 0; i < seedOrder.size(); i++) {
      int expected = seedOrder.features(i, i + 1)[0] == 10 / 255f ? 1 : 0;
      assertThat(seedOrder.label(i), is(expected));
    }
  }

  @Test
  void fromClassDirectory_aClassWithoutAFileAndAFileNotNamed_oneErrorListingBoth() {
    bitmaps("cat.npy", 1, 1);
    bitmaps("dog.npy", 1, 2);

    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () ->
                Datasets.fromClassDirectory(
                    dir, LoadOptions.defaults().withClasses(List.of("dog", "horse"))));

    assertThat(
        e.getMessage(),
        allOf(
            containsString("[dog, horse]"),
            containsString("[cat, dog]"),
            containsString("not among the classes given: [cat]"),
            containsString("given but without data: [horse]")));
  }

  @Test
  void fromClassDirectory_outputClasses_mayNameClassesTheDataLacks() {
    bitmaps("goldfish.npy", 1, 1);
    bitmaps("tench.npy", 1, 2);

    Dataset dataset =
        Datasets.fromClassDirectory(
            dir,
            LoadOptions.defaults()
                .withOutputClasses(List.of("background", "tench", "goldfish", "shark")));

    assertThat(dataset.classCount(), is(4));
    assertThat(labels(dataset), contains(1, 2));
  }

  @Test
  void load_npzWithClassesGiven_namesTheIntegerLabels() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(2, 1)", 0.5f, 0.25f));
    entries.put("y.npy", npyLongs("(2,)", 1, 0));
    Path file = write(dir, "test.npz", zip(entries));

    Dataset dataset =
        Datasets.load(file, LoadOptions.defaults().withClasses(List.of("mona", "eiffel")));

    assertThat(dataset.classNames(), contains("mona", "eiffel"));
    assertThat(labels(dataset), contains(1, 0));
  }

  @Test
  void withClasses_aNameTwice_isRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LoadOptions.defaults().withClasses(List.of("a", "b", "a")));

    assertThat(e.getMessage(), containsString("'a' is given twice"));
  }
}
