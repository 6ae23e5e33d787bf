package io.github.modelbudget.junit;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Small dense+sigmoid models written to folders for the extension's tests. */
final class FixtureModels {

  private FixtureModels() {}

  /** A dense layer with a sigmoid over {@code inputs} features, weights from the seed. */
  static TfliteModel denseSigmoid(String name, int inputs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] weights = new float[inputs];
    for (int i = 0; i < inputs; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, inputs);
    TensorRef w = b.constant("dense/kernel", weights, 1, inputs);
    TensorRef bias = b.constant("dense/bias", new float[] {0f}, 1);
    TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w, bias, logit, Activation.NONE).logistic(logit, p).output(p);
    return b.build(name);
  }

  /** Writes {@code <name>.tflite} for each name into a fresh folder. */
  static Path writeVariants(Path dir, String... names) {
    deleteRecursively(dir);
    long seed = 1;
    for (String name : names) {
      denseSigmoid(name, 8, seed++).save(dir.resolve(name + ".tflite"));
    }
    return dir;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
