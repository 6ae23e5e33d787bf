package io.github.modelbudget.harness.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/**
 * {@link ImageResize} against values worked out here by hand and by TensorFlow's sampling rule
 * applied to images whose values are a linear function of the position.
 */
class ImageResizeTest {

  @Test
  void bilinear_2x2To4x4_halfPixelCentresClampAtTheBorder() {
    // Output column x samples input column (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, which
    // clamp to 0, blend 0.75:0.25, blend 0.25:0.75 and clamp to 1: 0, 2.5, 7.5, 10 on the top row.
    double[] image = {0, 10, 20, 30};

    double[] resized = ImageResize.bilinear(image, 2, 2, 1, 4, 4);

    // Rows: y samples -0.25 (clamped to row 0), 0.25, 0.75, 1.25 (clamped to row 1).
    double[] rows = {0, 2.5, 7.5, 10, 5, 7.5, 12.5, 15, 15, 17.5, 22.5, 25, 20, 22.5, 27.5, 30};
    for (int i = 0; i < rows.length; i++) {
      assertThat("pixel " + i, resized[i], closeTo(rows[i], 1e-12));
    }
  }

  @Test
  void bilinear_4To2_averagesPairsAsTensorFlowDoesWithoutAntialiasing() {
    // Output x samples (x + 0.5) × 2 - 0.5 = 0.5 and 2.5: the mean of columns 0 and 1, 2 and 3.
    double[] image = {10, 20, 40, 80};

    double[] resized = ImageResize.bilinear(image, 1, 4, 1, 1, 2);

    assertThat(resized[0], closeTo(15, 1e-12));
    assertThat(resized[1], closeTo(60, 1e-12));
  }

  @Test
  void bilinear_linearImageToAnOddSize_isTheLinearFunctionAtTheClampedSamplePoints() {
    int height = 7;
    int width = 5;
    int outHeight = 3;
    int outWidth = 8;
    int channels = 3;
    double[] image = new double[height * width * channels];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) {
          image[(y * width + x) * channels + c] = linear(c, x, y);
        }
      }
    }

    double[] resized = ImageResize.bilinear(image, height, width, channels, outHeight, outWidth);

    for (int y = 0; y < outHeight; y++) {
      double sy = clamp((y + 0.5) * height / outHeight - 0.5, height - 1);
      for (int x = 0; x < outWidth; x++) {
        double sx = clamp((x + 0.5) * width / outWidth - 0.5, width - 1);
        for (int c = 0; c < channels; c++) {
          assertThat(
              "(" + y + ", " + x + ", " + c + ")",
              resized[(y * outWidth + x) * channels + c],
              closeTo(linear(c, sx, sy), 1e-9));
        }
      }
    }
  }

  @Test
  void bilinear_sameSize_isACopy() {
    double[] image = {1, 2, 3, 4, 5, 6};

    double[] resized = ImageResize.bilinear(image, 2, 3, 1, 2, 3);

    assertThat(resized, is(image));
    assertThat(resized == image, is(false));
  }

  private static double linear(int channel, double x, double y) {
    return 3 * x - 2 * y + 40 * channel + 7;
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
