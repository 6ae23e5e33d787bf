package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.ImageDatasetsTest.gray;
import static io.github.modelbudget.harness.data.ImageDatasetsTest.options;
import static io.github.modelbudget.harness.data.ImageDatasetsTest.save;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images left in their files ({@link FeatureStorage#MAPPED}, or {@code AUTO} for a folder larger
 * than a quarter of the heap) are decoded a batch at a time, with exactly the values an in-memory
 * load gives.
 */
class DecodedImagesTest {

  @TempDir Path dir;

  private void writeFolder() {
    for (int i = 0; i < 6; i++) {
      int shade = 40 * i;
      save(
          gray(5, 4, (x, y) -> (shade + 7 * x + 3 * y) % 256),
          "png",
          dir.resolve("a/" + i + ".png"));
      save(gray(3, 6, (x, y) -> 255 - shade - x), "png", dir.resolve("b/" + i + ".png"));
    }
  }

  private static LoadOptions storage(FeatureStorage storage) {
    return LoadOptions.defaults().withImages(options(4, 4, 1)).withFeatureStorage(storage);
  }

  @Test
  void decodedAsRead_givesTheValuesDigestAndLabelsOfAnInMemoryLoad() {
    writeFolder();

    Dataset inMemory = Datasets.fromImageFolder(dir, storage(FeatureStorage.MEMORY));
    Dataset decoded = Datasets.fromImageFolder(dir, storage(FeatureStorage.MAPPED));

    assertThat(inMemory.featuresInMemory(), is(true));
    assertThat(decoded.featuresInMemory(), is(false));
    assertThat(decoded.size(), is(12));
    assertThat(Arrays.equals(decoded.labels(), inMemory.labels()), is(true));
    assertThat(Arrays.equals(decoded.features(0, 12), inMemory.features(0, 12)), is(true));
    assertThat(Arrays.equals(decoded.features(5, 8), inMemory.features(5, 8)), is(true));
    assertThat(decoded.sha256(), is(inMemory.sha256()));
    FloatBuffer buffer = FloatBuffer.allocate(3 * 16);
    decoded.copyFeatures(5, 8, buffer);
    assertThat(Arrays.equals(buffer.array(), inMemory.features(5, 8)), is(true));
    // Views stay lazy and read the same values.
    Dataset shuffled = decoded.shuffled(3);
    assertThat(shuffled.featuresInMemory(), is(false));
    assertThat(
        Arrays.equals(shuffled.features(0, 12), inMemory.shuffled(3).features(0, 12)), is(true));
  }

  @Test
  void evaluation_ofDecodedImages_equalsTheInMemoryOne() {
    writeFolder();
    TfliteModel model = meanBrightness();

    EvaluationResult inMemory =
        Evaluator.defaults()
            .withBatchSize(4)
            .withThreads(2)
            .evaluate(model, Datasets.fromImageFolder(dir, storage(FeatureStorage.MEMORY)));
    EvaluationResult decoded =
        Evaluator.defaults()
            .withBatchSize(4)
            .withThreads(2)
            .evaluate(model, Datasets.fromImageFolder(dir, storage(FeatureStorage.MAPPED)));

    assertThat(decoded.correctCount(), is(inMemory.correctCount()));
    assertThat(Arrays.equals(decoded.predictions(), inMemory.predictions()), is(true));
    assertThat(Arrays.equals(decoded.outputs(), inMemory.outputs()), is(true));
  }

  @Test
  void aFileThatIsNoImage_failsTheLoad_aDamagedImageFailsWhenReadNamingIt() throws IOException {
    writeFolder();
    Path noise = dir.resolve("a/noise.png");
    Files.write(noise, new byte[] {1, 2, 3, 4, 5});

    InvalidDataException atLoad =
        assertThrows(
            InvalidDataException.class,
            () -> Datasets.fromImageFolder(dir, storage(FeatureStorage.MAPPED)));
    Files.delete(noise);
    // A PNG whose signature and header chunk (33 bytes) are whole but whose pixel data is cut off.
    Path cut = dir.resolve("b/0.png");
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, Arrays.copyOf(whole, 45));
    Dataset decoded = Datasets.fromImageFolder(dir, storage(FeatureStorage.MAPPED));
    InvalidDataException whenRead =
        assertThrows(InvalidDataException.class, () -> decoded.features(0, decoded.size()));

    assertThat(
        atLoad.getMessage(),
        allOf(containsString(noise.toString()), containsString("PNG, JPEG or BMP")));
    assertThat(whenRead.getMessage(), containsString(cut.toString()));
  }

  /** One FULLY_CONNECTED averaging the 16 pixels, minus 128, then a sigmoid: bright means 1. */
  private static TfliteModel meanBrightness() {
    float[] weights = new float[16];
    Arrays.fill(weights, 1f / 16);
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4, 4, 1);
    TensorRef shape = b.constantInt32("flat/shape", new int[] {-1, 16}, 2);
    TensorRef flat = b.tensor("flat", TensorType.FLOAT32, -1, 16);
    TensorRef w = b.constant("dense/kernel", weights, 1, 16);
    TensorRef bias = b.constant("dense/bias", new float[] {-128f}, 1);
    TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.reshape(x, shape, flat)
        .fullyConnected(flat, w, bias, logit, Activation.NONE)
        .logistic(logit, p)
        .output(p);
    return b.build("brightness");
  }
}
