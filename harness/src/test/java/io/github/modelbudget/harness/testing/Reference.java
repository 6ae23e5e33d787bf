package io.github.modelbudget.harness.testing;

/** The test models' outputs computed in plain Java (double precision), independent of TFLite. */
public final class Reference {

  private Reference() {}

  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  public static double denseSigmoid(TestModels.DenseSigmoid m, float[] x, int offset) {
    double acc = m.bias();
    for (int i = 0; i < m.inputs(); i++) {
      acc += (double) m.weights()[i] * x[offset + i];
    }
    return sigmoid(acc);
  }

  /** One image ({@code height × width}, one channel) through the conv stack. */
  public static double convStack(TestModels.ConvStack m, float[] image, int offset) {
    int h = m.height();
    int w = m.width();
    int oh = h - 2;
    int ow = w - 2;
    int c = m.filters();
    double[] conv = new double[oh * ow * c];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int o = 0; o < c; o++) {
          double acc = m.filterBias()[o];
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              acc +=
                  (double) m.filter()[o * 9 + ky * 3 + kx]
                      * image[offset + (y + ky) * w + (x + kx)];
            }
          }
          conv[(y * ow + x) * c + o] = Math.max(0, acc);
        }
      }
    }
    int ph = oh / 2;
    int pw = ow / 2;
    double logit = m.denseBias();
    for (int y = 0; y < ph; y++) {
      for (int x = 0; x < pw; x++) {
        for (int o = 0; o < c; o++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              max = Math.max(max, conv[((2 * y + dy) * ow + (2 * x + dx)) * c + o]);
            }
          }
          logit += max * m.dense()[(y * pw + x) * c + o];
        }
      }
    }
    return sigmoid(logit);
  }

  /**
   * One image through the hybrid convolution the way TFLite's hybrid per-channel kernel computes
   * it: the float input is quantized to int8 asymmetrically (per image: scale = (max - min) / 255
   * over a range that includes 0), products are accumulated in integers, then scaled by input scale
   * × filter scale and the bias is added.
   *
   * <p>The tests feed inputs {@code k / 128} with both -128 and 127 present, so the input scale is
   * exactly 1/128, the zero point 0, and the quantization exact.
   */
  public static double[] hybridConv(TestModels.HybridConv m, float[] image, int offset) {
    int h = m.height();
    int w = m.width();
    int ch = m.channels();
    int oh = h - 2;
    int ow = w - 2;
    int size = h * w * ch;
    double min = 0;
    double max = 0;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, image[offset + i]);
      max = Math.max(max, image[offset + i]);
    }
    double scale = (max - min) / 255.0;
    int[] q = new int[size];
    for (int i = 0; i < size; i++) {
      q[i] = (int) Math.round(image[offset + i] / scale);
    }
    double[] out = new double[oh * ow * m.filters()];
    int perFilter = 9 * ch;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int o = 0; o < m.filters(); o++) {
          long acc = 0;
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              for (int c = 0; c < ch; c++) {
                acc +=
                    (long) q[((y + ky) * w + (x + kx)) * ch + c]
                        * m.filter()[o * perFilter + (ky * 3 + kx) * ch + c];
              }
            }
          }
          out[(y * ow + x) * m.filters() + o] = acc * scale * m.scales()[o] + m.bias()[o];
        }
      }
    }
    return out;
  }
}
