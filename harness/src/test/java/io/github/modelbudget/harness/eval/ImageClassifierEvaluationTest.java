package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.ImageOptions;
import io.github.modelbudget.harness.data.LabelsFile;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.testing.ImageModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code UINT8}-input image classifier evaluated from a folder of PNG images: raw pixels and
 * normalised pixels agree, and a reversed class order gives the complementary accuracy and the
 * "labels inverted?" warning.
 */
class ImageClassifierEvaluationTest {

  private static final int SIDE = 4;
  private static final int PER_CLASS = 12;

  /** Images in each folder that are brighter on the other side: the model gets them wrong. */
  private static final int MISLEADING = 3;

  @TempDir Path dir;

  private final TfliteModel model = ImageModels.topVersusBottom("top_vs_bottom", SIDE);
  private final Evaluator evaluator = Evaluator.defaults();

  /**
   * Writes 8×8 gray PNGs, twice the model's side, in folders {@code bottom} and {@code top}. Every
   * value is a multiple of 4, so that each 2×2 block the resize averages is a whole number and the
   * raw and normalised paths cannot round a half differently.
   */
  @BeforeEach
  void writeImages() throws IOException {
    SplittableRandom random = new SplittableRandom(15);
    for (String folder : List.of("bottom", "top")) {
      for (int i = 0; i < PER_CLASS; i++) {
        boolean brightTop = folder.equals("top") == (i >= MISLEADING);
        BufferedImage image = new BufferedImage(2 * SIDE, 2 * SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2 * SIDE; y++) {
          for (int x = 0; x < 2 * SIDE; x++) {
            boolean bright = (y < SIDE) == brightTop;
            int base = bright ? 40 + random.nextInt(40) : random.nextInt(10);
            image.getRaster().setSample(x, y, 0, 4 * base);
          }
        }
        Path file = dir.resolve(folder).resolve(String.format("%02d.png", i));
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
      }
    }
  }

  private ImageOptions imageOptions() {
    return ImageOptions.forModel(model.inspect()).orElseThrow();
  }

  private Dataset raw(LoadOptions options) {
    ModelInfo info = model.inspect();
    return Datasets.fromImageFolder(
        dir, options.withImages(imageOptions().rawFor(info.inputs().get(0))));
  }

  @Test
  void rawAndNormalisedPixels_giveTheSameOutputs() {
    Dataset raw = raw(LoadOptions.defaults());
    Dataset normalised =
        Datasets.fromImageFolder(
            dir,
            LoadOptions.defaults()
                .withImages(imageOptions().normalised(1 / 255.0, List.of(0.0), List.of(1.0))));

    EvaluationResult fromRaw = evaluator.evaluate(model, raw);
    EvaluationResult fromNormalised = evaluator.evaluate(model, normalised);

    assertThat(raw.sampleShape(), contains(SIDE, SIDE, 1));
    assertThat(fromRaw.outputs(), is(fromNormalised.outputs()));
    assertThat(fromRaw.predictions(), is(fromNormalised.predictions()));
    assertThat(fromRaw.accuracy(), is((double) (PER_CLASS - MISLEADING) / PER_CLASS));
    assertThat(fromRaw.warnings(), is(empty()));
  }

  @Test
  void rawPixels_reachTheModelAsTheirOwnBytes() {
    Dataset raw = raw(LoadOptions.defaults());
    float[] image = raw.features(0, 1);
    int[] pixels = new int[image.length];
    for (int i = 0; i < image.length; i++) {
      pixels[i] = Math.round(image[i] / ImageModels.INPUT_SCALE);
      assertThat((double) image[i], closeTo(ImageModels.INPUT_SCALE * pixels[i], 1e-9));
    }
    double logit = 0;
    for (int i = 0; i < pixels.length; i++) {
      logit += (i < pixels.length / 2 ? 1 : -1) * ImageModels.GAIN * pixels[i] / 255.0;
    }

    double output = evaluator.evaluate(model, raw.subset(new int[] {0}, "first")).outputs()[0];

    assertThat(output, closeTo(1 / (1 + Math.exp(-logit)), 1e-5));
  }

  @Test
  void reversedClasses_giveTheComplementaryAccuracyAndTheInvertedLabelsWarning() {
    EvaluationResult sorted = evaluator.evaluate(model, raw(LoadOptions.defaults()));
    EvaluationResult reversed =
        evaluator.evaluate(
            model, raw(LoadOptions.defaults().withClasses(List.of("top", "bottom"))));

    assertThat(sorted.classNames(), contains("bottom", "top"));
    assertThat(reversed.classNames(), contains("top", "bottom"));
    assertThat(reversed.accuracy(), closeTo(1 - sorted.accuracy(), 1e-12));
    assertThat(reversed.accuracyInterval().upper(), lessThan(0.5));
    assertThat(reversed.warnings(), hasSize(1));
    assertThat(reversed.warnings().get(0), containsString("labels inverted?"));
    assertThat(reversed.warnings().get(0), containsString("[top, bottom]"));
    assertThat(EvaluationSummary.of(reversed).warnings(), is(reversed.warnings()));
    assertThat(sorted.warnings(), is(empty()));
  }

  @Test
  void labelsInTheModelsMetadata_orderTheFolders() {
    TfliteModel labelled =
        TfliteModel.fromBytes(
            "labelled",
            ImageModels.withLabels(
                ImageModels.topVersusBottomGraph(SIDE), "labels.txt", "top\nbottom\n"));
    List<String> labels = LabelsFile.ofModel(labelled).orElseThrow();

    EvaluationResult result =
        evaluator.evaluate(labelled, raw(LoadOptions.defaults().withOutputClasses(labels)));

    assertThat(labels, contains("top", "bottom"));
    assertThat(result.classNames(), contains("top", "bottom"));
    assertThat(result.accuracy(), is((double) MISLEADING / PER_CLASS));
    assertThat(result.warnings().get(0), containsString("labels inverted?"));
  }
}
