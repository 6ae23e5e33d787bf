package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dataset four times larger than the heap evaluates (issue: a 628 MB dataset needed about 3.3×
 * its size in heap and died with an OutOfMemoryError at -Xmx2g). A forked JVM with {@value
 * #CHILD_HEAP_MB} MB of heap loads a {@value #DATA_MB} MB float32 {@code .npz} (as {@code np.savez}
 * writes it) with the default options, evaluates a one-layer classifier on it twice and reports its
 * peak heap; its outputs on the first samples equal those of the same samples evaluated in memory
 * here.
 */
class LargerThanHeapEvaluationTest {

  static final int SAMPLE_SIZE = 1024;
  static final int BATCH = 256;
  private static final int CHILD_HEAP_MB = 64;
  private static final int DATA_MB = 256;
  private static final int SAMPLES = DATA_MB * (1 << 20) / (SAMPLE_SIZE * Float.BYTES);
  private static final int SLICE = 4096;
  private static final long SEED = 20_260_101L;

  private final Path dir = Path.of("target", "larger-than-heap");

  @AfterEach
  void deleteTheData() throws IOException {
    for (String name : List.of("data.npz", "outputs.bin")) {
      Files.deleteIfExists(dir.resolve(name));
    }
  }

  /** FULLY_CONNECTED over the first and last values, then a softmax: a two-class classifier. */
  static TfliteModel model() {
    float[] weights = new float[2 * SAMPLE_SIZE];
    weights[0] = -1;
    weights[SAMPLE_SIZE] = 1;
    weights[SAMPLE_SIZE + SAMPLE_SIZE - 1] = 0.5f;
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, SAMPLE_SIZE);
    TensorRef w = b.constant("dense/kernel", weights, 2, SAMPLE_SIZE);
    TensorRef bias = b.constant("dense/bias", new float[] {0, 0.1f}, 2);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, -1, 2);
    TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 2);
    b.fullyConnected(x, w, bias, logits, Activation.NONE).softmax(logits, p, 1f).output(p);
    return b.build("dense_softmax");
  }

  /** Sample {@code i}'s values: Gaussian, from a generator seeded by the sample. */
  private static void sample(int i, float[] into) {
    SplittableRandom random = new SplittableRandom(SEED + i);
    for (int j = 0; j < into.length; j++) {
      into[j] = (float) random.nextGaussian();
    }
  }

  /** Sample {@code i}'s label: mostly what the model predicts, so accuracy is well above chance. */
  private static int label(int i, float[] values) {
    return (values[0] > 0) == (i % 10 != 0) ? 1 : 0;
  }

  @Test
  void npzFourTimesTheHeap_evaluatesInAForkedJvm_withItsPeakHeapBelowTheMaximum()
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path data = dir.resolve("data.npz");
    Path outputs = dir.resolve("outputs.bin");
    writeNpz(data);
    assertThat(Files.size(data), greaterThan(4L * CHILD_HEAP_MB << 20));

    ForkedJvm child =
        ForkedJvm.run(
            LargerThanHeapChild.class,
            CHILD_HEAP_MB,
            dir,
            data.toString(),
            Integer.toString(SLICE),
            outputs.toString());

    assertThat(child.printed(), child.exitCode(), is(0));
    Map<String, String> facts = child.facts();
    assertThat(facts, hasEntry("mapped", "true"));
    assertThat(facts, hasEntry("samples", Integer.toString(SAMPLES)));
    assertThat(facts, hasEntry("agreement", "1.0"));
    assertThat(Long.parseLong(facts.get("peakHeapBytes")), lessThan((long) CHILD_HEAP_MB << 20));

    EvaluationResult slice = Evaluator.defaults().withBatchSize(BATCH).evaluate(model(), head());
    try (DataInputStream in = new DataInputStream(Files.newInputStream(outputs))) {
      float[] childOutputs = new float[SLICE * 2];
      for (int i = 0; i < childOutputs.length; i++) {
        childOutputs[i] = in.readFloat();
      }
      int[] childPredictions = new int[SLICE];
      for (int i = 0; i < SLICE; i++) {
        childPredictions[i] = in.readInt();
      }
      assertArrayEquals(slice.outputs(), childOutputs);
      assertArrayEquals(slice.predictions(), childPredictions);
    }
    assertThat(slice.accuracy(), greaterThan(0.8));
  }

  /** The first {@link #SLICE} samples, in memory. */
  private static Dataset head() {
    float[] features = new float[SLICE * SAMPLE_SIZE];
    int[] labels = new int[SLICE];
    float[] values = new float[SAMPLE_SIZE];
    for (int i = 0; i < SLICE; i++) {
      sample(i, values);
      System.arraycopy(values, 0, features, i * SAMPLE_SIZE, SAMPLE_SIZE);
      labels[i] = label(i, values);
    }
    return Dataset.of("head", new int[] {SAMPLE_SIZE}, features, labels, List.of());
  }

  /**
   * Writes {@code x} ({@code <f4}, [SAMPLES, SAMPLE_SIZE]) and {@code y} ({@code <i4}) as stored
   * ZIP entries, streaming: a first pass computes {@code x}'s CRC-32, which a stored entry needs
   * before its data, a second writes it.
   */
  private static void writeNpz(Path file) throws IOException {
    byte[] xHeader = npyHeader("<f4", "(" + SAMPLES + ", " + SAMPLE_SIZE + ")");
    int[] labels = new int[SAMPLES];
    CRC32 crc = new CRC32();
    crc.update(xHeader);
    forEachSampleBytes(
        (i, bytes, values) -> {
          crc.update(bytes);
          labels[i] = label(i, values);
        });
    ByteBuffer y = ByteBuffer.allocate(SAMPLES * 4).order(ByteOrder.LITTLE_ENDIAN);
    y.asIntBuffer().put(labels);
    byte[] yHeader = npyHeader("<i4", "(" + SAMPLES + ",)");
    try (ZipOutputStream zip =
        new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      zip.putNextEntry(stored("x.npy", xHeader.length + (long) SAMPLES * SAMPLE_SIZE * 4, crc));
      zip.write(xHeader);
      OutputStream out = zip;
      forEachSampleBytes((i, bytes, values) -> out.write(bytes));
      zip.closeEntry();
      CRC32 yCrc = new CRC32();
      yCrc.update(yHeader);
      yCrc.update(y.array());
      zip.putNextEntry(stored("y.npy", yHeader.length + (long) y.capacity(), yCrc));
      zip.write(yHeader);
      zip.write(y.array());
      zip.closeEntry();
    }
  }

  private interface SampleBytes {
    void accept(int sample, byte[] bytes, float[] values) throws IOException;
  }

  private static void forEachSampleBytes(SampleBytes action) throws IOException {
    float[] values = new float[SAMPLE_SIZE];
    ByteBuffer bytes = ByteBuffer.allocate(SAMPLE_SIZE * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < SAMPLES; i++) {
      sample(i, values);
      bytes.clear();
      bytes.asFloatBuffer().put(values);
      action.accept(i, bytes.array(), values);
    }
  }

  private static ZipEntry stored(String name, long size, CRC32 crc) {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(size);
    entry.setCompressedSize(size);
    entry.setCrc(crc.getValue());
    return entry;
  }

  /** A version 1.0 header padded to a multiple of 64 bytes, as NumPy writes it. */
  private static byte[] npyHeader(String descr, String shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    String padded = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer header = ByteBuffer.allocate(10 + padded.length()).order(ByteOrder.LITTLE_ENDIAN);
    header.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    header.putShort((short) padded.length());
    header.put(padded.getBytes(StandardCharsets.ISO_8859_1));
    return header.array();
  }
}
