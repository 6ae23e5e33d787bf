package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.npy;
import static io.github.modelbudget.harness.data.DataFiles.numpyFixture;
import static io.github.modelbudget.harness.data.DataFiles.storedZip;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static io.github.modelbudget.harness.data.DataFiles.zip;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Features left in their file ({@link FeatureStorage#MAPPED}) give the same dataset as features
 * read into memory: the same values, labels and digest, through every transformation.
 */
class MappedDatasetTest {

  private static final LoadOptions MEMORY =
      LoadOptions.defaults().withFeatureStorage(FeatureStorage.MEMORY);
  private static final LoadOptions MAPPED =
      LoadOptions.defaults().withFeatureStorage(FeatureStorage.MAPPED);

  @TempDir Path dir;

  private static float[] all(Dataset dataset) {
    return dataset.features(0, dataset.size());
  }

  /**
   * Every feature copied into a direct buffer, as the evaluator copies batches into an input
   * tensor: in uneven batches, after a few values already in the buffer.
   */
  private static float[] allThroughABuffer(Dataset dataset) {
    int prefix = 3;
    FloatBuffer buffer =
        ByteBuffer.allocateDirect((prefix + dataset.size() * dataset.sampleSize()) * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    buffer.put(new float[prefix]);
    for (int from = 0; from < dataset.size(); from += 7) {
      dataset.copyFeatures(from, Math.min(dataset.size(), from + 7), buffer);
    }
    assertThat(buffer.remaining(), is(0));
    float[] values = new float[dataset.size() * dataset.sampleSize()];
    buffer.position(prefix).get(values);
    return values;
  }

  private static void assertSame(Dataset memory, Dataset mapped) {
    assertThat(memory.featuresInMemory(), is(true));
    assertThat(mapped.featuresInMemory(), is(false));
    assertThat(mapped.sampleShape(), is(memory.sampleShape()));
    assertArrayEquals(memory.labels(), mapped.labels());
    assertArrayEquals(all(memory), all(mapped));
    assertArrayEquals(all(memory), allThroughABuffer(memory));
    assertArrayEquals(all(memory), allThroughABuffer(mapped));
    assertThat(mapped.sha256(), is(memory.sha256()));
  }

  @Test
  void realSavezArchive_mapped_equalsInMemory() {
    Path file = numpyFixture("xy.npz");

    assertSame(Datasets.load(file, MEMORY), Datasets.load(file, MAPPED));
  }

  @Test
  void realCompressedArchive_mapped_isInflatedToATemporaryFile_andEqualsInMemory() {
    Path file = numpyFixture("images_labels.npz");
    LoadOptions keys = LoadOptions.defaults().withKeys("images", "labels");

    assertSame(
        Datasets.load(file, keys.withFeatureStorage(FeatureStorage.MEMORY)),
        Datasets.load(file, keys.withFeatureStorage(FeatureStorage.MAPPED)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"|u1", "|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8", "<f4", ">f4", "<f8", ">f8"})
  void everyElementType_mapped_convertsAsInMemory(String descr) {
    int samples = 37;
    int sampleSize = 6;
    byte[] data = randomValues(descr, samples * sampleSize, 5L);
    byte[] labels = new byte[samples * 4];
    ByteBuffer.wrap(labels).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(new int[samples]);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npy(descr, "(" + samples + ", 2, 3)", data));
    entries.put("y.npy", npy("<i4", "(" + samples + ",)", labels));
    Path file = write(dir, "typed.npz", storedZip(entries));

    assertSame(Datasets.load(file, MEMORY), Datasets.load(file, MAPPED));
  }

  /** Random elements of a dtype, with large magnitudes where the type has them. */
  private static byte[] randomValues(String descr, int count, long seed) {
    int bytes = descr.charAt(2) - '0';
    ByteBuffer data =
        ByteBuffer.allocate(count * bytes)
            .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      switch (descr.substring(1)) {
        case "u1", "i1" -> data.put((byte) random.nextInt());
        case "i2" -> data.putShort((short) random.nextInt());
        case "i4" -> data.putInt(random.nextInt());
        case "i8" -> data.putLong(random.nextLong());
        case "f4" -> data.putFloat((float) random.nextGaussian() * 1e3f);
        case "f8" -> data.putDouble(random.nextGaussian() * 1e30);
        default -> throw new IllegalArgumentException(descr);
      }
    }
    return data.array();
  }

  @Test
  void transformations_onMappedFeatures_equalThoseInMemory() {
    Path file = floatArchive(200, 5, 9L);
    Dataset memory = Datasets.load(file, MEMORY);
    Dataset mapped = Datasets.load(file, MAPPED);

    assertSame(memory.shuffled(3L), mapped.shuffled(3L));
    assertSame(memory.scaled(0.5, -2), mapped.scaled(0.5, -2));
    assertSame(memory.shuffled(4L).scaled(1 / 3.0, 1), mapped.shuffled(4L).scaled(1 / 3.0, 1));
    assertSame(memory.stratifiedSplit(0.25, 7L).test(), mapped.stratifiedSplit(0.25, 7L).test());
    assertSame(
        memory.subset(new int[] {5, 6, 7, 199, 0, 0, 1}, "picked"),
        mapped.subset(new int[] {5, 6, 7, 199, 0, 0, 1}, "picked"));
    assertSame(
        memory.withClassNames(List.of("a", "b", "c")),
        mapped.withClassNames(List.of("a", "b", "c")));
    assertThat(
        mapped.withClassNames(List.of("a", "b", "c")).classNames(), is(List.of("a", "b", "c")));
    assertSame(
        Datasets.load(file, MEMORY.withMaxSamplesPerClass(10)),
        Datasets.load(file, MAPPED.withMaxSamplesPerClass(10)));
  }

  /** An archive of {@code samples} float32 samples of {@code size} values and labels 0 to 2. */
  private Path floatArchive(int samples, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ByteBuffer x = ByteBuffer.allocate(samples * size * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer y = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      for (int j = 0; j < size; j++) {
        x.putFloat((float) random.nextGaussian());
      }
      y.putInt(random.nextInt(3));
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npy("<f4", "(" + samples + ", " + size + ")", x.array()));
    entries.put("y.npy", npy("<i4", "(" + samples + ",)", y.array()));
    return write(dir, "floats.npz", storedZip(entries));
  }

  @Test
  void samplesAcrossMappingChunks_readAsOneArray() throws IOException {
    int samples = 50;
    int size = 7;
    byte[] data = randomValues("<f4", samples * size, 11L);
    Path file = write(dir, "raw.bin", data);
    float[] expected = new float[samples * size];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(expected);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      // Three samples a chunk: every batch below crosses chunk boundaries.
      MappedFeatures chunked =
          MappedFeatures.map(
              channel,
              0,
              samples,
              size,
              ElementType.FLOAT32,
              ByteOrder.LITTLE_ENDIAN,
              "raw.bin",
              3 * size * 4);
      for (int from = 0; from < samples; from += 8) {
        int to = Math.min(samples, from + 8);
        float[] batch = new float[(to - from) * size + 2];
        chunked.copy(from, to, batch, 2);
        float[] want = new float[batch.length];
        System.arraycopy(expected, from * size, want, 2, (to - from) * size);
        assertArrayEquals(want, batch, "samples " + from + " to " + to);
        FloatBuffer buffer = FloatBuffer.allocate(batch.length);
        buffer.position(2);
        chunked.copy(from, to, buffer);
        assertThat(buffer.position(), is(batch.length));
        assertArrayEquals(want, buffer.array(), "samples " + from + " to " + to + ", buffer");
      }
    }
  }

  @Test
  void quickDrawBitmaps_mapped_equalInMemory_withAndWithoutASampleLimit() {
    write(dir, "b.npy", npy("|u1", "(3, 784)", randomValues("|u1", 3 * 784, 1L)));
    write(dir, "a.npy", npy("|u1", "(5, 784)", randomValues("|u1", 5 * 784, 2L)));

    assertSame(Datasets.fromClassDirectory(dir, MEMORY), Datasets.fromClassDirectory(dir, MAPPED));
    assertSame(
        Datasets.fromClassDirectory(dir, MEMORY.withMaxSamplesPerClass(4)),
        Datasets.fromClassDirectory(dir, MAPPED.withMaxSamplesPerClass(4)));
  }

  @Test
  void corruptStoredEntry_mapped_isRefusedByItsChecksum() throws IOException {
    Path file = floatArchive(20, 4, 1L);
    byte[] bytes = Files.readAllBytes(file);
    bytes[200] ^= 0x10; // inside x's data
    Files.write(file, bytes);

    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> Datasets.load(file, MAPPED));

    assertThat(e.getMessage(), allOf(containsString("x.npy"), containsString("CRC-32")));
  }

  @Test
  void truncatedArray_mapped_namesWhatIsMissing() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npy("<f4", "(10, 4)", new byte[4 * 4 * 9]));
    entries.put("y.npy", npy("<i4", "(10,)", new byte[40]));
    Path stored = write(dir, "short.npz", storedZip(entries));
    Path deflated = write(dir, "short-deflated.npz", zip(entries));

    for (Path file : List.of(stored, deflated)) {
      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> Datasets.load(file, MAPPED));
      assertThat(
          e.getMessage(),
          allOf(
              containsString(file + "!x.npy"),
              containsString("truncated"),
              containsString("needs 160 data bytes but the file has 144")));
    }
  }

  @Test
  void auto_keepsSmallFeaturesInMemory() {
    assertThat(Datasets.load(floatArchive(10, 3, 2L)).featuresInMemory(), is(true));
  }
}
