package io.github.modelbudget.harness.data;

/**
 * Bilinear resizing exactly as TensorFlow's {@code tf.image.resize(images, size, "bilinear")} does
 * by default (its {@code ResizeBilinear} kernel with {@code align_corners = false} and {@code
 * half_pixel_centers = true}, no antialiasing).
 *
 * <p>Output pixel {@code x} of {@code outSize} samples the input at {@code in = (x + 0.5) × inSize
 * / outSize − 0.5}; it blends input pixels {@code max(floor(in), 0)} and {@code min(ceil(in),
 * inSize − 1)} with weight {@code in − floor(in)} on the second, first along the width, then along
 * the height. Pixels are interleaved ({@code [height][width][channels]}); values stay unrounded.
 */
final class ImageResize {

  private ImageResize() {}

  /**
   * Resizes an image.
   *
   * @param pixels {@code height × width × channels} values, row-major, channels interleaved
   * @return {@code outHeight × outWidth × channels} values
   */
  static double[] bilinear(
      double[] pixels, int height, int width, int channels, int outHeight, int outWidth) {
    if (height == outHeight && width == outWidth) {
      return pixels.clone();
    }
    Axis ys = Axis.of(height, outHeight);
    Axis xs = Axis.of(width, outWidth);
    double[] out = new double[outHeight * outWidth * channels];
    for (int y = 0; y < outHeight; y++) {
      int top = ys.lower[y] * width;
      int bottom = ys.upper[y] * width;
      double dy = ys.lerp[y];
      for (int x = 0; x < outWidth; x++) {
        int left = xs.lower[x];
        int right = xs.upper[x];
        double dx = xs.lerp[x];
        for (int c = 0; c < channels; c++) {
          double topLeft = pixels[(top + left) * channels + c];
          double topRight = pixels[(top + right) * channels + c];
          double bottomLeft = pixels[(bottom + left) * channels + c];
          double bottomRight = pixels[(bottom + right) * channels + c];
          double upper = topLeft + (topRight - topLeft) * dx;
          double lower = bottomLeft + (bottomRight - bottomLeft) * dx;
          out[(y * outWidth + x) * channels + c] = upper + (lower - upper) * dy;
        }
      }
    }
    return out;
  }

  /** The two source indices and the blend weight of every output index along one axis. */
  private record Axis(int[] lower, int[] upper, double[] lerp) {

    static Axis of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      int[] lower = new int[outSize];
      int[] upper = new int[outSize];
      double[] lerp = new double[outSize];
      for (int i = 0; i < outSize; i++) {
        double in = (i + 0.5) * scale - 0.5;
        double floor = Math.floor(in);
        lower[i] = (int) Math.max(floor, 0);
        upper[i] = (int) Math.min(Math.ceil(in), inSize - 1);
        lerp[i] = in - floor;
      }
      return new Axis(lower, upper, lerp);
    }
  }
}
