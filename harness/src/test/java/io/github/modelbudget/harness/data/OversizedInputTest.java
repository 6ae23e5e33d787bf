package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.npy;
import static io.github.modelbudget.harness.data.DataFiles.npyFloats;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static io.github.modelbudget.harness.data.DataFiles.zip;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers and labels that ask for far more memory than the file can hold are refused before
 * anything is allocated (issue: a 750-byte .npz claiming 250 M float64 values allocated 2 GB; a
 * label of 10^8 listed 10^8 classes; a label of 2^31 − 1 overflowed the class count).
 */
class OversizedInputTest {

  @TempDir Path dir;

  private static byte[] int32s(int... values) {
    ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int value : values) {
      data.putInt(value);
    }
    return npy("<i4", "(" + values.length + ",)", data.array());
  }

  @Test
  void npzEntry_claimingMoreValuesThanTheArchiveHolds_isTruncatedWithoutAllocating() {
    // 250 M float64 values: 2 GB, in an archive of under a kilobyte.
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npy("<f8", "(250000000,)", new byte[64]));
    entries.put("y.npy", int32s(0));
    Path file = write(dir, "claims.npz", zip(entries));
    long before = allocatedBytes();

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Datasets.load(file));

    assertThat(
        e.getMessage(),
        allOf(containsString("needs 2000000000 data bytes"), containsString("claims.npz!x.npy")));
    assertThat(
        "bytes allocated while refusing it", allocatedBytes() - before < 100_000_000, is(true));
  }

  @Test
  void npyFile_claimingMoreValuesThanTheFileHolds_isTruncatedWithoutAllocating() {
    Path file = write(dir, "claims.npy", npy("|u1", "(200000, 784)", new byte[10]));
    long before = allocatedBytes();

    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> NpyReader.withDefaultLimits().read(file));

    assertThat(e.getMessage(), allOf(containsString("truncated"), containsString("has 10")));
    assertThat(allocatedBytes() - before < 100_000_000, is(true));
  }

  @Test
  void gzippedIdx_claimingMoreThanDeflateCanExpandTo_isTruncatedWithoutAllocating()
      throws IOException {
    byte[] idx = DataFiles.idx(0x0D, new int[] {100_000_000}, new byte[8]);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(idx);
    }
    Path file = write(dir, "images-idx1-ubyte.gz", gz.toByteArray());
    long before = allocatedBytes();

    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> IdxReader.withDefaultLimits().read(file));

    assertThat(e.getMessage(), containsString("too small to hold"));
    assertThat(allocatedBytes() - before < 100_000_000, is(true));
  }

  @Test
  void heapCheck_refusesWhatTheMaximumHeapCannotHold_andSaysWhatToDo() {
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () -> HeapCheck.require("big.npy", 3_000_000_000L, "the array's data", 1L << 30));

    assertThat(
        e.getMessage(),
        allOf(
            containsString("big.npy"),
            containsString("3,000 MB"),
            containsString("maximum heap of 1,074 MB"),
            containsString("-Xmx6g")));
  }

  @Test
  void label_of10ToThe8_isRefusedAtOnceWithoutListingTheClasses() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("x.npy", npyFloats(ByteOrder.LITTLE_ENDIAN, "(2, 1)", 0f, 1f));
    entries.put("y.npy", int32s(0, 100_000_000));
    Path file = write(dir, "label.npz", zip(entries));

    InvalidDataException e = assertThrows(InvalidDataException.class, () -> Datasets.load(file));

    assertThat(
        e.getMessage(),
        allOf(
            containsString("sample 1 is 100000000"),
            containsString("at most " + Dataset.MAX_CLASSES + " classes")));
    assertThat(e.getMessage().length() < 400, is(true));
  }

  @Test
  void label_ofIntegerMax_doesNotOverflowTheClassCount() {
    InvalidDataException e =
        assertThrows(
            InvalidDataException.class,
            () ->
                Dataset.of(
                    "max",
                    new int[] {1},
                    new float[] {0f},
                    new int[] {Integer.MAX_VALUE},
                    List.of()));

    assertThat(e.getMessage(), containsString("2147483648 classes"));
  }

  @Test
  void label_justBelowTheLimit_isAccepted() {
    Dataset data =
        Dataset.of(
            "wide",
            new int[] {1},
            new float[] {0f},
            new int[] {Dataset.MAX_CLASSES - 1},
            List.of());

    assertThat(data.classCount(), is(Dataset.MAX_CLASSES));
  }

  /** Bytes this thread has allocated so far (HotSpot's per-thread counter). */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
