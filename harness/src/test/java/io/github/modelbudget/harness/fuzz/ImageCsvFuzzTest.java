package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.ImageOptions;
import io.github.modelbudget.harness.data.LoadOptions;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the CSV of image files and labels (Jackson's CSV parser, the header and label rules); the
 * rows may name a valid image.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error is a finding. {@code mvn verify} replays the seed corpus in {@code
 * ImageCsvFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION}.
 */
class ImageCsvFuzzTest {

  private static final LoadOptions OPTIONS =
      LoadOptions.defaults()
          .withLimits(FuzzFiles.LIMITS)
          .withImages(
              new ImageOptions(
                  8, 8, 3, List.of(8, 8, 3), 1, List.of(0.0), List.of(1.0), Optional.empty()));

  /** A 1×1 BMP: 14-byte file header, 40-byte info header, one padded 24-bit pixel. */
  private static final byte[] PIXEL = {
    'B', 'M', 58, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24,
    0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 30, 0
  };

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void imageCsv_read_acceptsOrRejectsTyped(byte[] bytes) {
    FuzzFiles.write("pixel.bmp", PIXEL);
    try {
      Datasets.load(FuzzFiles.write("fuzzed.csv", bytes), OPTIONS.withClasses(List.of("a", "b")));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
