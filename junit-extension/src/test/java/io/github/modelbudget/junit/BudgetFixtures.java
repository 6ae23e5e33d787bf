package io.github.modelbudget.junit;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A linearly separable task and four dense+sigmoid variants whose accuracies follow from plain
 * arithmetic: the baseline is the separating direction itself (always right); {@code small_drop}
 * and {@code big_drop} tilt it a little and a lot; {@code bloated} is the baseline plus an unused
 * 4,096-value constant that makes it much larger.
 */
final class BudgetFixtures {

  static final int FEATURES = 8;
  static final int SAMPLES = 400;

  final float[] features;
  final int[] labels;
  final float[] baseline;
  final float[] smallDrop;
  final float[] bigDrop;

  BudgetFixtures() {
    SplittableRandom random = new SplittableRandom(2026L);
    baseline = gaussian(random, FEATURES);
    features = gaussian(random, SAMPLES * FEATURES);
    labels = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      labels[i] = dot(baseline, i) >= 0 ? 1 : 0;
    }
    smallDrop = baseline.clone();
    smallDrop[0] += 0.08f;
    bigDrop = baseline.clone();
    for (int j = 0; j < FEATURES / 2; j++) {
      bigDrop[j] = -bigDrop[j];
    }
  }

  /** The number of samples a dense+sigmoid model with these weights gets right. */
  int correct(float[] weights) {
    int correct = 0;
    for (int i = 0; i < SAMPLES; i++) {
      int predicted = dot(weights, i) >= 0 ? 1 : 0;
      correct += predicted == labels[i] ? 1 : 0;
    }
    return correct;
  }

  /** Writes the four variants and {@code data.npz} into {@code dir}. */
  void write(Path models, Path data) {
    FixtureModels.deleteRecursively(models);
    model(baseline, 0).build("baseline").save(models.resolve("baseline.tflite"));
    model(smallDrop, 0).build("small_drop").save(models.resolve("small_drop.tflite"));
    model(bigDrop, 0).build("big_drop").save(models.resolve("big_drop.tflite"));
    model(baseline, 4096).build("bloated").save(models.resolve("bloated.tflite"));
    writeNpz(data, features, labels);
  }

  private float dot(float[] weights, int sample) {
    float sum = 0;
    for (int j = 0; j < FEATURES; j++) {
      sum += weights[j] * features[sample * FEATURES + j];
    }
    return sum;
  }

  private static TfliteModelBuilder model(float[] weights, int unusedValues) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, FEATURES);
    TensorRef w = b.constant("dense/kernel", weights, 1, FEATURES);
    TensorRef bias = b.constant("dense/bias", new float[] {0f}, 1);
    TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, logit, Activation.NONE).logistic(logit, p).output(p);
    if (unusedValues > 0) {
      b.constant("unused/padding", gaussian(new SplittableRandom(5L), unusedValues), unusedValues);
    }
    return b;
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** Writes a NumPy .npz with float32 {@code x} of shape [N, FEATURES] and int64 {@code y}. */
  static void writeNpz(Path file, float[] x, int[] y) {
    writeNpz(file, x, FEATURES, y);
  }

  /** Writes a NumPy .npz with float32 {@code x} of shape [N, features] and int64 {@code y}. */
  static void writeNpz(Path file, float[] x, int features, int[] y) {
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file);
          ZipOutputStream zip = new ZipOutputStream(out)) {
        ByteBuffer xs = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
          xs.putFloat(v);
        }
        entry(zip, "x.npy", npy("<f4", "(" + y.length + ", " + features + ")", xs.array()));
        ByteBuffer ys = ByteBuffer.allocate(y.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : y) {
          ys.putLong(v);
        }
        entry(zip, "y.npy", npy("<i8", "(" + y.length + ",)", ys.array()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static byte[] npy(String dtype, String shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    return out.toByteArray();
  }
}
