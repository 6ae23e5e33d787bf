package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.npyFloats;
import static io.github.modelbudget.harness.data.DataFiles.npyLongs;
import static io.github.modelbudget.harness.data.DataFiles.numpyFixture;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static io.github.modelbudget.harness.data.DataFiles.zip;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.testing.BrokenZips;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads .npz archives written by the tests and by NumPy ({@code xy.npz} from {@code np.savez},
 * {@code images_labels.npz} from {@code np.savez_compressed}; see {@code
 * data/numpy/make_fixtures.py}, run as {@code python3 make_fixtures.py}).
 */
class NpzReaderTest {

  @TempDir Path dir;

  private final NpzReader reader = NpzReader.withDefaultLimits();

  private static List<Integer> ints(NdArray array) {
    return Arrays.stream(array.toIntArray()).boxed().toList();
  }

  @Test
  void numpySavez_readsBothArraysByKey() {
    Path file = numpyFixture("xy.npz");

    Map<String, NdArray> arrays = reader.read(file, List.of("y", "x"));

    assertThat(reader.keys(file), contains("x", "y"));
    assertThat(arrays.keySet(), contains("y", "x"));
    assertThat(arrays.get("x").shape(), contains(4, 2, 3));
    assertThat(arrays.get("x").getDouble(23), is(23.0));
    assertThat(ints(arrays.get("y")), contains(0, 1, 2, 1));
    assertThat(arrays.get("x").origin(), is(file + "!x.npy"));
  }

  @Test
  void numpySavezCompressed_readsDeflatedBigEndianEntries() {
    Path file = numpyFixture("images_labels.npz");

    NdArray images = reader.read(file, "images");
    NdArray labels = reader.read(file, "labels");

    assertThat(images.elementType(), is(ElementType.UINT8));
    assertThat(ints(images), contains(0, 128, 255, 255, 0, 1, 3, 3, 3));
    assertThat(labels.byteOrder(), is(ByteOrder.BIG_ENDIAN));
    assertThat(ints(labels), contains(1, 0, 1));
  }

  @Test
  void archiveWrittenByTest_withFolderEntries_usesEntryNamesWithoutNpy() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("data/", new byte[0]);
    entries.put("data/features.npy", npyFloats(ByteOrder.BIG_ENDIAN, "(2,)", 1.5f, 2.5f));
    entries.put("readme.txt", "not an array".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path file = write(dir, "nested.npz", zip(entries));

    assertThat(reader.keys(file), contains("data/features"));
    assertThat(reader.read(file, "data/features").getDouble(1), is(2.5));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    private List<Path> everythingUnder(Path root) throws IOException {
      try (Stream<Path> files = Files.walk(root)) {
        return files.toList();
      }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "../evil.npy",
          "a/../../evil.npy",
          "/etc/evil.npy",
          "..\\evil.npy",
          "C:evil.npy"
        })
    void traversalEntryName_rejectsTheArchiveAndWritesNothing(String name) throws IOException {
      Path archiveDir = Files.createDirectories(dir.resolve("archive"));
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(1,)", 1f));
      entries.put(name, npyFloats(ByteOrder.LITTLE_ENDIAN, "(1,)", 666f));
      Path file = write(archiveDir, "evil.npz", zip(entries));
      List<Path> before = everythingUnder(dir);

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

      assertThat(
          e.getMessage(),
          allOf(
              containsString(file.toString()), containsString("unsafe entry name '" + name + "'")));
      assertThat(everythingUnder(dir), is(before));
      assertThat(Files.exists(dir.resolve("evil.npy")), is(false));
      assertThat(Files.exists(Path.of("/etc/evil.npy")), is(false));
      assertThrows(InvalidDataException.class, () -> reader.keys(file));
    }

    @Test
    void missingKey_listsTheKeysPresent() {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("images.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(1,)", 1f));
      entries.put("labels.npy", npyLongs("(1,)", 0));
      Path file = write(dir, "keys.npz", zip(entries));

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(file, List.of("x", "y")));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("keys.npz"),
              containsString("no array 'x'"),
              containsString("[images, labels]")));
    }

    @Test
    void notAZip_saysSo() {
      Path file = write(dir, "plain.npz", "this is text");

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

      assertThat(e.getMessage(), allOf(containsString("plain.npz"), containsString("ZIP")));
    }

    @Test
    void badEntry_namesArchiveAndEntry() {
      Path file =
          write(
              dir,
              "bad.npz",
              zip(Map.of("x.npy", "garbage".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

      assertThat(e.origin(), is(file + "!x.npy"));
      assertThat(e.getMessage(), containsString("magic"));
    }

    @Test
    void entryOverTheElementLimit_isRejectedBeforeAllocation() {
      Path file =
          write(
              dir,
              "big.npz",
              zip(Map.of("x.npy", DataFiles.npy("<f4", "(5000, 5000)", new byte[0]))));

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> new NpzReader(new NpyLimits(1000, 1_000_000)).read(file, "x"));

      assertThat(
          e.getMessage(),
          allOf(containsString("25000000 elements"), containsString("limit of 1000000")));
    }

    @Test
    void twoEntriesWithOneName_areAmbiguous() throws IOException {
      // ZipOutputStream refuses duplicate names, so the archive's names are patched afterwards.
      byte[] two =
          zip(
              new LinkedHashMap<>(
                  Map.of(
                      "x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(1,)", 1f),
                      "z.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(1,)", 2f))));
      String patched =
          new String(two, java.nio.charset.StandardCharsets.ISO_8859_1).replace("z.npy", "x.npy");
      Path file =
          write(dir, "twice.npz", patched.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

      assertThat(
          e.getMessage(),
          allOf(containsString("twice.npz"), containsString("two entries named 'x.npy'")));
    }

    @Test
    void entryCommentNotUtf8_isACorruptDirectoryNamingTheFile() {
      // Found by NpzFuzzTest: ZipFile checks entry names when it opens an archive, but decodes an
      // entry's comment only when the entries are listed.
      Path file =
          write(
              dir,
              "comment.npz",
              BrokenZips.commentNotUtf8(
                  new LinkedHashMap<>(
                      Map.of("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(1,)", 1f)))));

      InvalidDataException listed =
          assertThrows(InvalidDataException.class, () -> reader.keys(file));
      InvalidDataException read =
          assertThrows(InvalidDataException.class, () -> reader.read(file, "x"));

      for (InvalidDataException e : List.of(listed, read)) {
        assertThat(e.origin(), is(file.toString()));
        assertThat(
            e.getMessage(),
            allOf(
                containsString("corrupt ZIP central directory"),
                containsString("comment is not valid UTF-8")));
      }
    }

    @Test
    void missingFile_saysSo() {
      InvalidDataException e =
          assertThrows(InvalidDataException.class, () -> reader.read(dir.resolve("none.npz"), "x"));

      assertThat(e.getMessage(), containsString("no such file"));
    }
  }
}
