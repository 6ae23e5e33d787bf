package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorInfo;
import io.github.modelbudget.harness.format.TensorType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How images become a model's input: the size they are resized to, gray or RGB, and how pixel
 * values become feature values.
 *
 * <p>Every image is decoded to 8-bit RGB, converted to gray when the input has one channel (luma
 * {@code Y = 0.299 R + 0.587 G + 0.114 B}, ITU-R BT.601, the weights of TensorFlow's {@code
 * rgb_to_grayscale} and of PIL's {@code convert("L")}), and resized by {@link ImageResize}
 * (bilinear, half-pixel centres, as TensorFlow's {@code tf.image.resize} default). Each resized
 * pixel value {@code p} in [0, 255] of channel {@code c} then becomes
 *
 * <ul>
 *   <li>by default, {@code (p × scale − mean[c]) / std[c]} (scale 1, mean 0, std 1 give the values
 *       0 to 255, as Keras {@code image_dataset_from_directory} yields them);
 *   <li>in raw mode (an {@code UINT8} or {@code INT8} input), the input's real value of the
 *       quantized value {@code q} = {@code p} ({@code UINT8}) or {@code p − 128} ({@code INT8}):
 *       {@code inputScale × (q − zeroPoint)}. The session quantizes it back to exactly {@code q}
 *       ({@link #forInput} checks this for all 256 values), so the model sees the pixel bytes
 *       themselves, as an app feeding the image buffer does.
 * </ul>
 *
 * @param height the target height
 * @param width the target width
 * @param channels 1 (gray) or 3 (RGB)
 * @param sampleShape the shape of one sample, the input's shape without its batch dimension
 * @param scale the factor applied to pixel values first
 * @param mean one mean per channel, or one for all
 * @param std one standard deviation per channel, or one for all; each positive
 * @param raw the input's quantization and type in raw mode, empty otherwise
 */
public record ImageOptions(
    int height,
    int width,
    int channels,
    List<Integer> sampleShape,
    double scale,
    List<Double> mean,
    List<Double> std,
    Optional<RawInput> raw) {

  /**
   * The quantization of an 8-bit input fed in raw mode.
   *
   * @param type {@code UINT8} or {@code INT8}
   * @param scale the input's scale
   * @param zeroPoint the input's zero point
   */
  public record RawInput(TensorType type, float scale, long zeroPoint) {

    /** Validates. */
    public RawInput {
      Objects.requireNonNull(type, "type");
      if (type != TensorType.UINT8 && type != TensorType.INT8) {
        throw new IllegalArgumentException("raw mode needs a UINT8 or INT8 input, not " + type);
      }
      if (!(scale > 0) || !Float.isFinite(scale)) {
        throw new IllegalArgumentException("the input's scale must be positive but is " + scale);
      }
    }

    /** The quantized value a pixel stands for: the byte itself, or shifted by 128 for INT8. */
    int quantized(int pixel) {
      return type == TensorType.INT8 ? pixel - 128 : pixel;
    }

    /** The real value whose quantization is {@code q}. */
    float real(int q) {
      return (float) (scale * ((double) q - zeroPoint));
    }
  }

  /** Validates and copies. */
  public ImageOptions {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "the image size must be at least 1×1 but is " + height + "×" + width);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3 but is " + channels);
    }
    sampleShape = List.copyOf(sampleShape);
    if (sampleShape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b)
        != (long) height * width * channels) {
      throw new IllegalArgumentException(
          "a sample of shape "
              + sampleShape
              + " does not hold "
              + height
              + "×"
              + width
              + "×"
              + channels
              + " values");
    }
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    Objects.requireNonNull(raw, "raw");
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be positive but is " + scale);
    }
    requirePerChannel("mean", mean, channels);
    requirePerChannel("std", std, channels);
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("every std must be positive but std is " + std);
      }
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("every mean must be finite but mean is " + mean);
      }
    }
  }

  /**
   * Returns options for a model input of shape {@code [batch, height, width, channels]} (channels 1
   * or 3) or {@code [batch, height, width]} (gray), with the default normalisation.
   *
   * @param input the model's image input
   * @return the options
   * @throws IllegalArgumentException if the input's shape is not an image's
   */
  public static ImageOptions forInput(TensorInfo input) {
    List<Integer> shape = input.shape();
    boolean withChannels = shape.size() == 4 && (shape.get(3) == 1 || shape.get(3) == 3);
    if (!withChannels && shape.size() != 3) {
      throw new IllegalArgumentException(
          "input '"
              + input.name()
              + "' has shape "
              + shape
              + "; images need [batch, height, width, 1 or 3] or [batch, height, width]");
    }
    return new ImageOptions(
        shape.get(1),
        shape.get(2),
        withChannels ? shape.get(3) : 1,
        shape.subList(1, shape.size()),
        1,
        List.of(0.0),
        List.of(1.0),
        Optional.empty());
  }

  /**
   * Returns options for a model's first input when it is shaped as an image ({@link
   * #forInput(TensorInfo)}), with the default normalisation.
   *
   * @param model the model's inspection
   * @return the options, empty if the model's first input is not image-shaped
   */
  public static Optional<ImageOptions> forModel(ModelInfo model) {
    if (model.inputs().isEmpty()) {
      return Optional.empty();
    }
    List<Integer> shape = model.inputs().get(0).shape();
    boolean image =
        (shape.size() == 4 && (shape.get(3) == 1 || shape.get(3) == 3)) || shape.size() == 3;
    return image ? Optional.of(forInput(model.inputs().get(0))) : Optional.empty();
  }

  /**
   * Returns these options with another normalisation: {@code (p × scale − mean[c]) / std[c]}.
   *
   * @param newScale the factor applied first, positive
   * @param newMean one mean, or one per channel
   * @param newStd one standard deviation, or one per channel
   * @return the options, not in raw mode
   */
  public ImageOptions normalised(double newScale, List<Double> newMean, List<Double> newStd) {
    return new ImageOptions(
        height, width, channels, sampleShape, newScale, newMean, newStd, Optional.empty());
  }

  /**
   * Returns these options in raw mode for an 8-bit quantized input: the model receives the pixel
   * values themselves as its quantized values.
   *
   * @param input the model's input
   * @return the options
   * @throws IllegalArgumentException if the input is not {@code UINT8} or {@code INT8} with one
   *     scale, or its quantization does not give every pixel value back exactly
   */
  public ImageOptions rawFor(TensorInfo input) {
    QuantizationInfo q =
        input
            .quantization()
            .filter(info -> info.scales().size() == 1)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "raw mode needs an input quantized with one scale, but input '"
                            + input.name()
                            + "' ("
                            + input.type()
                            + ") has "
                            + input
                                .quantization()
                                .map(i -> i.scales().size() + " scales")
                                .orElse("no quantization")));
    RawInput rawInput = new RawInput(input.type(), q.scales().get(0), q.zeroPoint(0));
    for (int p = 0; p < 256; p++) {
      int expected = rawInput.quantized(p);
      // The session's own rule: round(real / scale) + zeroPoint.
      long back = Math.round(rawInput.real(expected) / rawInput.scale()) + rawInput.zeroPoint();
      if (back != expected) {
        throw new IllegalArgumentException(
            "input '"
                + input.name()
                + "' (scale "
                + rawInput.scale()
                + ", zero point "
                + rawInput.zeroPoint()
                + ") does not give quantized value "
                + expected
                + " back exactly (it gives "
                + back
                + ")");
      }
    }
    return new ImageOptions(
        height, width, channels, sampleShape, 1, List.of(0.0), List.of(1.0), Optional.of(rawInput));
  }

  /** Maps a resized pixel value of a channel to the feature value the model is given. */
  float feature(double pixel, int channel) {
    if (raw.isPresent()) {
      int p = (int) Math.max(0, Math.min(255, Math.round(pixel)));
      return raw.get().real(raw.get().quantized(p));
    }
    double m = mean.get(mean.size() == 1 ? 0 : channel);
    double s = std.get(std.size() == 1 ? 0 : channel);
    return (float) ((pixel * scale - m) / s);
  }

  private static void requirePerChannel(String what, List<Double> values, int channels) {
    if (values.size() != 1 && values.size() != channels) {
      throw new IllegalArgumentException(
          what + " needs one value or " + channels + " (one per channel) but has " + values);
    }
  }
}
