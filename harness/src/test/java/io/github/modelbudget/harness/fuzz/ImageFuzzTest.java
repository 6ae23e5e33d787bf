package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.ImageOptions;
import io.github.modelbudget.harness.data.LoadOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the image dataset readers: an image file (PNG, JPEG, BMP or anything) decoded by ImageIO,
 * resized and normalised, and a CSV of files and labels that names a valid image.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (out of memory on a huge declared size, a decoder's runtime exception, a hang)
 * is a finding. {@code mvn verify} replays the seed corpus in {@code ImageFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION}.
 */
class ImageFuzzTest {

  private static final LoadOptions OPTIONS =
      LoadOptions.defaults()
          .withLimits(FuzzFiles.LIMITS)
          .withImages(
              new ImageOptions(
                  8, 8, 3, List.of(8, 8, 3), 1, List.of(0.0), List.of(1.0), Optional.empty()));

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void image_read_acceptsOrRejectsTyped(byte[] bytes) {
    FuzzFiles.write("fuzzed-image", bytes);
    try {
      Datasets.load(
          FuzzFiles.write(
              "image.csv", "file,label\nfuzzed-image,0\n".getBytes(StandardCharsets.UTF_8)),
          OPTIONS);
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
