package io.github.modelbudget.junit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code @EvaluationData(classes = …, labelsFile = …, raw = …)} on a folder of image folders: the
 * class order reaches the labels, raw and normalised pixels agree.
 */
class EvaluationDataClassesTest {

  static final String ROOT = "target/junit-fixtures/classes";
  static final String MODELS = ROOT + "/models";
  static final String IMAGES = ROOT + "/images";
  static final String LABELS = ROOT + "/labels.txt";
  static final int SIDE = 4;
  static final int PER_CLASS = 8;
  static final int MISLEADING = 2;

  /** The sorted order's accuracy: the misleading images of each class are wrong. */
  static final double ACCURACY = (double) (PER_CLASS - MISLEADING) / PER_CLASS;

  @BeforeAll
  static void writeFixtures() throws IOException {
    FixtureModels.deleteRecursively(Path.of(ROOT));
    Files.createDirectories(Path.of(MODELS));
    topVersusBottom().build("baseline").save(Path.of(MODELS, "baseline.tflite"));
    Files.writeString(Path.of(LABELS), "top\nbottom\n");
    SplittableRandom random = new SplittableRandom(3);
    for (String folder : List.of("bottom", "top")) {
      for (int i = 0; i < PER_CLASS; i++) {
        boolean brightTop = folder.equals("top") == (i >= MISLEADING);
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < SIDE; y++) {
          for (int x = 0; x < SIDE; x++) {
            boolean bright = (y < SIDE / 2) == brightTop;
            image
                .getRaster()
                .setSample(x, y, 0, bright ? 150 + random.nextInt(100) : random.nextInt(40));
          }
        }
        Path file = Path.of(IMAGES, folder, i + ".png");
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
      }
    }
  }

  /** A UINT8-input (scale 1/255) sigmoid classifier: class 1 is "brighter at the top". */
  static TfliteModelBuilder topVersusBottom() {
    int pixels = SIDE * SIDE;
    float[] weights = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      weights[i] = i < pixels / 2 ? 4f : -4f;
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef image =
        b.quantizedInput(
            "image", TensorType.UINT8, QuantizationInfo.perTensor(1f / 255, 0), -1, SIDE, SIDE, 1);
    TensorRef real = b.tensor("image/dequantized", TensorType.FLOAT32, -1, SIDE, SIDE, 1);
    TensorRef shape = b.constantInt32("flatten/shape", new int[] {-1, pixels}, 2);
    TensorRef flat = b.tensor("flatten", TensorType.FLOAT32, -1, pixels);
    TensorRef w = b.constant("dense/kernel", weights, 1, pixels);
    TensorRef bias = b.constant("dense/bias", new float[1], 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.dequantize(image, real)
        .reshape(real, shape, flat)
        .fullyConnected(flat, w, bias, logit, Activation.NONE)
        .logistic(logit, p)
        .output(p);
    return b;
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = IMAGES, raw = true)
  static class SortedRawTestCase {
    @VariantTest
    void sortedFolders(ModelUnderTest model) {
      assertThat(model.evaluation().classNames(), contains("bottom", "top"));
      assertThat(model.evaluation().accuracy(), is(ACCURACY));
      assertThat(model.evaluation().warnings(), is(empty()));
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = IMAGES, scale = 1 / 255.0)
  static class NormalisedTestCase {
    @VariantTest
    void sameAsRaw(ModelUnderTest model) {
      assertThat(model.evaluation().accuracy(), is(ACCURACY));
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(
      path = IMAGES,
      raw = true,
      classes = {"top", "bottom"})
  static class ReversedTestCase {
    @VariantTest
    void complementAndWarning(ModelUnderTest model) {
      assertThat(model.evaluation().classNames(), contains("top", "bottom"));
      assertThat(model.evaluation().accuracy(), closeTo(1 - ACCURACY, 1e-12));
      assertThat(model.evaluation().warnings().get(0), containsString("labels inverted?"));
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(path = IMAGES, raw = true, labelsFile = LABELS)
  static class LabelsFileTestCase {
    @VariantTest
    void labelsFileOrder(ModelUnderTest model) {
      assertThat(model.evaluation().classNames(), contains("top", "bottom"));
      assertThat(model.evaluation().accuracy(), closeTo(1 - ACCURACY, 1e-12));
    }
  }

  @ModelVariants(dir = MODELS)
  @EvaluationData(
      path = IMAGES,
      raw = true,
      classes = {"top", "middle"})
  static class MismatchTestCase {
    @VariantTest
    void neverRuns(ModelUnderTest model) {
      model.evaluation();
    }
  }

  private static List<String> failures(Class<?> testCase, int succeeded) {
    EngineExecutionResults run =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).execute();
    List<String> messages =
        run.allEvents().failed().stream()
            .map(
                e ->
                    e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable)
                        .map(Throwable::getMessage)
                        .orElse(""))
            .toList();
    run.testEvents().assertStatistics(stats -> stats.succeeded(succeeded));
    return messages;
  }

  @Test
  void classesLabelsFileRawAndNormalised_reachTheEvaluation() {
    assertThat(failures(SortedRawTestCase.class, 1), is(empty()));
    assertThat(failures(NormalisedTestCase.class, 1), is(empty()));
    assertThat(failures(ReversedTestCase.class, 1), is(empty()));
    assertThat(failures(LabelsFileTestCase.class, 1), is(empty()));
  }

  @Test
  void classesNotMatchingTheFolders_failWithBothListed() {
    List<String> messages = failures(MismatchTestCase.class, 0);

    assertThat(messages.size(), is(1));
    assertThat(messages.get(0), containsString("@EvaluationData"));
    assertThat(messages.get(0), containsString("given but without data: [middle]"));
    assertThat(messages.get(0), containsString("not among the classes given: [bottom]"));
  }
}
