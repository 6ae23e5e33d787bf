package io.github.modelbudget.harness.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Datasets#writeNpz}: what it writes loads back unchanged, and its entries are byte for byte
 * what NumPy writes. The expected entries in {@code data/npzwriter/} were written by NumPy 2.4.6
 * with {@code cd harness/src/test/resources/data/npzwriter && python3 -c "import numpy as np;
 * np.save('x.npy', (np.arange(12, dtype='<f4') / 8).reshape(3, 2, 2)); np.save('y.npy',
 * np.array([1, 0, 1], dtype='<i4'))"}.
 */
class NpzWriterTest {

  @TempDir Path dir;

  private static Dataset tiny() {
    float[] features = new float[12];
    for (int i = 0; i < features.length; i++) {
      features[i] = i / 8f;
    }
    return Dataset.of("tiny", new int[] {2, 2}, features, new int[] {1, 0, 1}, List.of("a", "b"));
  }

  private static Dataset randomDataset(int samples, int[] sampleShape, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size = 1;
    for (int dim : sampleShape) {
      size *= dim;
    }
    float[] features = new float[samples * size];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) (random.nextDouble() * 2 - 1);
    }
    features[0] = Float.NaN;
    features[1] = -0.0f;
    features[2] = Float.MIN_VALUE;
    int[] labels = new int[samples];
    for (int i = 0; i < samples; i++) {
      labels[i] = i % classes;
    }
    return Dataset.of("random", sampleShape, features, labels, List.of());
  }

  private static byte[] fixture(String name) throws IOException {
    try {
      return Files.readAllBytes(
          Path.of(NpzWriterTest.class.getResource("/data/npzwriter/" + name).toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] entry(Path npz, String name) throws IOException {
    try (ZipFile zip = new ZipFile(npz.toFile());
        InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
  }

  private static List<String> entryNames(Path npz) throws IOException {
    try (ZipFile zip = new ZipFile(npz.toFile())) {
      return zip.stream().map(ZipEntry::getName).toList();
    }
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void tinyDataset_writeNpz_entriesAreByteForByteWhatNumpyWrites() throws IOException {
    Path npz = dir.resolve("tiny.npz");

    Datasets.writeNpz(tiny(), npz);

    assertThat(entryNames(npz), contains("x.npy", "y.npy"));
    assertArrayEquals(fixture("x.npy"), entry(npz, "x.npy"));
    assertArrayEquals(fixture("y.npy"), entry(npz, "y.npy"));
  }

  @Test
  void tinyDataset_writeNpz_entriesAreStoredUncompressedAsNpSavezDoes() throws IOException {
    Path npz = dir.resolve("tiny.npz");

    Datasets.writeNpz(tiny(), npz);

    try (ZipFile zip = new ZipFile(npz.toFile())) {
      assertThat(
          zip.stream().map(ZipEntry::getMethod).toList(),
          contains(ZipEntry.STORED, ZipEntry.STORED));
    }
  }

  @ParameterizedTest(name = "sample shape {0}")
  @ValueSource(strings = {"28,28", "784", "1", "3,4,5"})
  void anyDataset_writeNpzThenLoad_givesTheSameFeaturesAndLabels(String shape) {
    int[] sampleShape = Stream.of(shape.split(",")).mapToInt(Integer::parseInt).toArray();
    Dataset original = randomDataset(37, sampleShape, 3, 7);
    Path npz = dir.resolve("round-trip.npz");

    Datasets.writeNpz(original, npz);
    Dataset loaded = Datasets.load(npz);

    assertThat(loaded.sampleShape(), is(original.sampleShape()));
    assertThat(loaded.size(), is(original.size()));
    assertArrayEquals(original.labels(), loaded.labels());
    // Bit patterns, so that NaN and -0.0 count as equal only to themselves.
    float[] expected = original.features(0, original.size());
    float[] actual = loaded.features(0, loaded.size());
    int[] expectedBits = new int[expected.length];
    int[] actualBits = new int[actual.length];
    for (int i = 0; i < expected.length; i++) {
      expectedBits[i] = Float.floatToRawIntBits(expected[i]);
      actualBits[i] = Float.floatToRawIntBits(actual[i]);
    }
    assertArrayEquals(expectedBits, actualBits);
    assertThat(loaded.sha256(), is(original.sha256()));
  }

  @Test
  void namedClasses_writeNpzThenLoad_comesBackNumbered() {
    Path npz = dir.resolve("tiny.npz");

    Datasets.writeNpz(tiny(), npz);

    assertThat(Datasets.load(npz).classNames(), contains("0", "1"));
  }

  @Test
  void sameDataset_writtenTwice_givesIdenticalFiles() throws IOException {
    Path first = dir.resolve("first.npz");
    Path second = dir.resolve("second.npz");

    Datasets.writeNpz(randomDataset(10, new int[] {4}, 2, 1), first);
    Datasets.writeNpz(randomDataset(10, new int[] {4}, 2, 1), second);

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void existingFile_writeNpz_isReplacedAndNoTemporaryFileIsLeft() throws IOException {
    Path npz = Files.writeString(dir.resolve("test.npz"), "old");

    Datasets.writeNpz(tiny(), npz);

    assertThat(Datasets.load(npz).size(), is(3));
    assertThat(listing(dir), contains("test.npz"));
  }

  @ParameterizedTest(name = "first dimension {0}")
  @ValueSource(ints = {1, 9, 10, 99999, 100000})
  void header_isPaddedToAMultipleOf64EndingInANewline(int samples) {
    byte[] header = NpzWriter.header("<f4", List.of(samples, 28, 28));
    String text = new String(header, StandardCharsets.US_ASCII);

    // NumPy 2.4.6 writes a 118-byte header for each of these shapes: the growth room absorbs the
    // extra digits.
    assertThat(header.length, is(118));
    assertThat((10 + header.length) % 64, is(0));
    assertThat(text.endsWith(" \n"), is(true));
    assertThat(
        text.startsWith(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (" + samples + ", 28, 28), }"),
        is(true));
  }

  @Test
  void alignedHeader_getsAFull64SpacesOfPaddingAsNumpyGives() {
    // "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 1, …), }" grows by 3 characters per
    // dimension; find a shape whose text plus growth room and newline lands on a 64-byte boundary.
    List<Integer> shape = new ArrayList<>(List.of(1));
    while (true) {
      String text = "{'descr': '<i4', 'fortran_order': False, 'shape': " + tuple(shape) + ", }";
      if ((10 + text.length() + 20 + 1) % 64 == 0) {
        break;
      }
      shape.add(1);
    }

    byte[] header = NpzWriter.header("<i4", shape);

    String text = new String(header, StandardCharsets.US_ASCII);
    assertThat(text.endsWith(" ".repeat(64 + 20) + "\n"), is(true));
  }

  private static String tuple(List<Integer> shape) {
    return shape.size() == 1
        ? "(" + shape.get(0) + ",)"
        : "(" + String.join(", ", shape.stream().map(String::valueOf).toList()) + ")";
  }

  @Nested
  @DisplayName("failures")
  class Failures {

    @Test
    void parentIsAFile_writeNpz_failsNamingTheTargetAndWritesNothing() throws IOException {
      Path plain = Files.writeString(dir.resolve("plain"), "x");
      Path target = plain.resolve("test.npz");

      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> Datasets.writeNpz(tiny(), target));

      assertThat(e.getMessage(), containsString(target.toString()));
      assertThat(listing(dir), contains("plain"));
      assertThat(Files.readString(plain), is("x"));
    }

    @Test
    void sampleShapeTooLongForAVersion1Header_writeNpz_failsNamingTheDatasetAndWritesNothing()
        throws IOException {
      int[] sampleShape = new int[25_000];
      Arrays.fill(sampleShape, 1);
      Dataset deep = Dataset.of("deep", sampleShape, new float[] {0.5f}, new int[] {0}, List.of());
      Path target = dir.resolve("deep.npz");

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> Datasets.writeNpz(deep, target));

      assertThat(e.getMessage(), allOf(containsString("deep"), containsString("65535")));
      assertThat(listing(dir), is(empty()));
    }

    @Test
    void targetIsADirectoryWithFiles_writeNpz_failsAndLeavesNoTemporaryFile() throws IOException {
      Path target = Files.createDirectory(dir.resolve("test.npz"));
      Files.writeString(target.resolve("keep.txt"), "keep");

      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> Datasets.writeNpz(tiny(), target));

      assertThat(e.getMessage(), containsString(target.toString()));
      assertThat(listing(dir), contains("test.npz"));
      assertThat(listing(target), contains("keep.txt"));
    }
  }
}
