package io.github.modelbudget.harness.data;

import io.github.modelbudget.harness.InputFiles;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG and BMP files with the JDK's ImageIO into a model's input values, as {@link
 * ImageOptions} describes.
 *
 * <p>ImageIO decodes the three formats itself; it lacks CMYK and YCCK JPEGs, which are reported as
 * such. An ImageIO plugin on the classpath (e.g. TwelveMonkeys' {@code imageio-jpeg}) registers
 * itself and is used without any change here. A warning while decoding (a truncated JPEG decodes
 * with a warning and grey rows) is an error: a half-decoded image must not be scored.
 */
final class ImageFiles {

  /**
   * The most pixels an image may have, 2^26 (a 64-megapixel photo): a larger one is rejected before
   * it is decoded, and so is one with more pixels than the element limit.
   */
  static final long MAX_PIXELS = 1L << 26;

  /** The file name extensions read as images, lower case. */
  static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");

  private ImageFiles() {}

  /** Tells whether a file's name has an image extension. */
  static boolean isImage(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      return false;
    }
    String lower = name.toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /**
   * Reads one image and returns its feature values, {@code height × width × channels} of the
   * options, into {@code into} from {@code offset}.
   */
  static void read(Path file, ImageOptions options, long maxPixels, float[] into, int offset) {
    BufferedImage image = decode(file, maxPixels);
    int height = image.getHeight();
    int width = image.getWidth();
    int channels = options.channels();
    double[] pixels = pixels(image, channels);
    double[] resized =
        ImageResize.bilinear(pixels, height, width, channels, options.height(), options.width());
    for (int i = 0; i < resized.length; i++) {
      into[offset + i] = options.feature(resized[i], i % channels);
    }
  }

  /** Decodes a file, turning every decoding problem into an {@link InvalidDataException}. */
  static BufferedImage decode(Path file, long maxPixels) {
    return withReader(
        file,
        maxPixels,
        (reader, warnings) -> {
          BufferedImage image = reader.read(0);
          if (!warnings.isEmpty()) {
            throw new InvalidDataException(
                file.toString(),
                "the "
                    + reader.getFormatName()
                    + " image is damaged or truncated: "
                    + String.join("; ", warnings));
          }
          return image;
        });
  }

  /**
   * Checks that a file is an image ImageIO can read, within the pixel limit, from its header only:
   * what a dataset whose images are decoded as batches are read checks when it is loaded.
   */
  static void checkHeader(Path file, long maxPixels) {
    withReader(file, maxPixels, (reader, warnings) -> null);
  }

  /** What is done with an image's reader once its format and size are known to be acceptable. */
  private interface ReaderAction<T> {
    T apply(javax.imageio.ImageReader reader, List<String> warnings) throws IOException;
  }

  private static <T> T withReader(Path file, long maxPixels, ReaderAction<T> action) {
    String origin = file.toString();
    InputFiles.requireRegularFile(file, problem -> new InvalidDataException(origin, problem));
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new InvalidDataException(origin, "cannot open the image file");
      }
      Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new InvalidDataException(
            origin,
            "expected a PNG, JPEG or BMP image but ImageIO recognises no image format in it");
      }
      javax.imageio.ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        long limit = Math.min(MAX_PIXELS, maxPixels);
        if (pixels > limit) {
          throw new InvalidDataException(
              origin,
              "the image is "
                  + reader.getWidth(0)
                  + "×"
                  + reader.getHeight(0)
                  + " pixels; at most "
                  + limit
                  + " pixels are decoded (the element limit)");
        }
        return action.apply(reader, warnings);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidDataException invalid) {
        throw invalid;
      }
      throw new InvalidDataException(origin, problem(e), e);
    }
  }

  private static String problem(Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unsupported Image Type")) {
      return "a CMYK or YCCK JPEG, which the JDK's ImageIO cannot decode: convert it to RGB, or"
          + " put an ImageIO JPEG plugin (e.g. com.twelvemonkeys.imageio:imageio-jpeg) on the"
          + " classpath";
    }
    return "cannot decode the image ("
        + (e instanceof IOException io ? InputFiles.describe(io) : e.toString())
        + "); expected a whole PNG, JPEG or BMP file";
  }

  /**
   * Returns the image's pixels in [0, 255], gray or RGB interleaved. Gray images are read from
   * their raster: ImageIO's colour conversion of a gray image to RGB changes its values (it treats
   * 8-bit gray as linear and applies the sRGB curve).
   */
  private static double[] pixels(BufferedImage image, int channels) {
    int height = image.getHeight();
    int width = image.getWidth();
    double[] pixels = new double[height * width * channels];
    ColorModel model = image.getColorModel();
    boolean gray =
        !(model instanceof IndexColorModel)
            && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (gray) {
      Raster raster = image.getRaster();
      double max = (1L << model.getComponentSize(0)) - 1;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double value = raster.getSample(x, y, 0) * 255.0 / max;
          int at = (y * width + x) * channels;
          for (int c = 0; c < channels; c++) {
            pixels[at + c] = value;
          }
        }
      }
      return pixels;
    }
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < rgb.length; i++) {
      int r = (rgb[i] >> 16) & 0xff;
      int g = (rgb[i] >> 8) & 0xff;
      int b = rgb[i] & 0xff;
      if (channels == 1) {
        pixels[i] = 0.299 * r + 0.587 * g + 0.114 * b;
      } else {
        pixels[i * 3] = r;
        pixels[i * 3 + 1] = g;
        pixels[i * 3 + 2] = b;
      }
    }
    return pixels;
  }
}
