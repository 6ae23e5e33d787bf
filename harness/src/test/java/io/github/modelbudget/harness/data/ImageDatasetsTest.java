package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDatasetsTest {

  @TempDir Path dir;

  /** Options for an image of {@code h × w × channels} with the default normalisation (0–255). */
  static ImageOptions options(int h, int w, int channels) {
    return new ImageOptions(
        h,
        w,
        channels,
        channels == 1 ? List.of(h, w, 1) : List.of(h, w, channels),
        1,
        List.of(0.0),
        List.of(1.0),
        Optional.empty());
  }

  /** A gray image whose pixel (x, y) is {@code value.apply(x, y)}. */
  static BufferedImage gray(int w, int h, java.util.function.IntBinaryOperator value) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, value.applyAsInt(x, y));
      }
    }
    return image;
  }

  static Path save(BufferedImage image, String format, Path file) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no " + format + " writer");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private LoadOptions images(ImageOptions options) {
    return LoadOptions.defaults().withImages(options);
  }

  private static List<Integer> labels(Dataset dataset) {
    return IntStream.of(dataset.labels()).boxed().toList();
  }

  @Test
  void fromImageFolder_aFolderPerClass_sortedClassesAndExactGrayValues() {
    save(gray(3, 2, (x, y) -> 10 * x + 100 * y), "png", dir.resolve("zebra/b.png"));
    save(gray(3, 2, (x, y) -> 1), "png", dir.resolve("zebra/a.png"));
    save(gray(3, 2, (x, y) -> 255), "bmp", dir.resolve("apple/nested/one.bmp"));
    write(dir.resolve("zebra"), "notes.txt", "not an image");

    Dataset dataset = Datasets.fromImageFolder(dir, images(options(2, 3, 1)));

    assertThat(dataset.classNames(), contains("apple", "zebra"));
    assertThat(labels(dataset), contains(0, 1, 1));
    assertThat(dataset.sampleShape(), contains(2, 3, 1));
    assertThat(dataset.name(), is(dir.getFileName().toString()));
    float[] all = dataset.features(0, 3);
    // apple/nested/one.bmp, then zebra's files in name order: a.png (all 1), b.png.
    assertThat(all[0], is(255f));
    assertThat(all[6], is(1f));
    float[] b = dataset.features(2, 3);
    assertThat(b, is(new float[] {0, 10, 20, 100, 110, 120}));
  }

  @Test
  void fromImageFolder_rgbForAGrayInput_isLumaWithBt601Weights() {
    BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
    save(rgb, "png", dir.resolve("only/pixel.png"));

    float gray = Datasets.fromImageFolder(dir, images(options(1, 1, 1))).features(0, 1)[0];
    float[] colour = Datasets.fromImageFolder(dir, images(options(1, 1, 3))).features(0, 1);

    assertThat((double) gray, closeTo(0.299 * 200 + 0.587 * 100 + 0.114 * 50, 1e-4));
    assertThat(colour, is(new float[] {200, 100, 50}));
  }

  @Test
  void fromImageFolder_largerImages_areResizedBilinearlyWithHalfPixelCentres() {
    // 4×4 to 2×2 samples (x + 0.5) × 2 − 0.5 = 0.5, 2.5 on both axes: the mean of each 2×2 block.
    save(gray(4, 4, (x, y) -> 16 * y + 4 * x), "png", dir.resolve("c/img.png"));

    float[] resized = Datasets.fromImageFolder(dir, images(options(2, 2, 1))).features(0, 1);

    double[] expected = new double[4];
    for (int oy = 0; oy < 2; oy++) {
      for (int ox = 0; ox < 2; ox++) {
        double sum = 0;
        for (int y = 2 * oy; y < 2 * oy + 2; y++) {
          for (int x = 2 * ox; x < 2 * ox + 2; x++) {
            sum += 16 * y + 4 * x;
          }
        }
        expected[oy * 2 + ox] = sum / 4;
      }
    }
    for (int i = 0; i < 4; i++) {
      assertThat((double) resized[i], closeTo(expected[i], 1e-5));
    }
  }

  @Test
  void fromImageFolder_normalisedPerChannel_appliesScaleMeanAndStd() {
    BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, (255 << 16) | (0 << 8) | 51);
    save(rgb, "bmp", dir.resolve("c/p.bmp"));
    ImageOptions normalised =
        options(1, 1, 3)
            .normalised(1 / 255.0, List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));

    float[] values = Datasets.fromImageFolder(dir, images(normalised)).features(0, 1);

    assertThat((double) values[0], closeTo((1 - 0.485) / 0.229, 1e-5));
    assertThat((double) values[1], closeTo((0 - 0.456) / 0.224, 1e-5));
    assertThat((double) values[2], closeTo((0.2 - 0.406) / 0.225, 1e-5));
  }

  @Test
  void fromImageFolder_classesGiven_numbersTheFoldersInThatOrder() {
    save(gray(1, 1, (x, y) -> 1), "png", dir.resolve("cat/1.png"));
    save(gray(1, 1, (x, y) -> 2), "png", dir.resolve("dog/1.png"));

    Dataset dataset =
        Datasets.fromImageFolder(dir, images(options(1, 1, 1)).withClasses(List.of("dog", "cat")));

    assertThat(dataset.classNames(), contains("dog", "cat"));
    assertThat(labels(dataset), contains(0, 1));
    assertThat(dataset.features(0, 1)[0], is(2f));
  }

  @Test
  void fromImageCsv_labelsByNameOrIndex_imagesRelativeToTheCsv() {
    save(gray(1, 1, (x, y) -> 7), "png", dir.resolve("flat/a.png"));
    save(gray(1, 1, (x, y) -> 8), "jpg", dir.resolve("flat/b.jpg"));
    save(gray(1, 1, (x, y) -> 9), "png", dir.resolve("flat/c.png"));
    Path byName =
        write(
            dir,
            "names.csv",
            "file,label\nflat/a.png,tench\n\"flat/b.jpg\",goldfish\nflat/c.png,tench\n");
    Path byIndex = write(dir, "indices.csv", "label,file\n1,flat/a.png\n0,flat/b.jpg\n");

    Dataset names = Datasets.load(byName, images(options(1, 1, 1)));
    Dataset indices = Datasets.load(byIndex, images(options(1, 1, 1)));
    Dataset ordered =
        Datasets.load(byName, images(options(1, 1, 1)).withClasses(List.of("tench", "goldfish")));

    assertThat(names.classNames(), contains("goldfish", "tench"));
    assertThat(labels(names), contains(1, 0, 1));
    assertThat(names.features(0, 1)[0], is(7f));
    assertThat(labels(indices), contains(1, 0));
    assertThat(indices.classNames(), contains("0", "1"));
    assertThat(labels(ordered), contains(0, 1, 0));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void truncatedPng_isAnInvalidDataExceptionNamingTheFile() throws IOException {
      byte[] png = encode(gray(16, 16, (x, y) -> x * y), "png");
      Path file =
          write(
              Files.createDirectories(dir.resolve("c")),
              "cut.png",
              Arrays.copyOf(png, png.length / 2));

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromImageFolder(dir, images(options(4, 4, 1))));

      assertThat(e.getMessage(), containsString(file.toString()));
    }

    @Test
    void truncatedJpeg_whichImageIoDecodesWithAWarning_isAnError() throws IOException {
      byte[] jpeg = encode(gray(64, 64, (x, y) -> (x * 7 + y * 3) % 256), "jpg");
      Path file =
          write(
              Files.createDirectories(dir.resolve("c")),
              "cut.jpg",
              Arrays.copyOf(jpeg, jpeg.length * 2 / 3));

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromImageFolder(dir, images(options(4, 4, 1))));

      assertThat(e.getMessage(), containsString(file.toString()));
    }

    @Test
    void notAnImage_isAnInvalidDataExceptionNamingTheFile() throws IOException {
      Path file =
          write(Files.createDirectories(dir.resolve("c")), "noise.png", new byte[] {1, 2, 3, 4, 5});

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromImageFolder(dir, images(options(4, 4, 1))));

      assertThat(
          e.getMessage(),
          allOf(containsString(file.toString()), containsString("PNG, JPEG or BMP")));
    }

    @Test
    void anEmptyClassFolder_isAnError() throws IOException {
      save(gray(1, 1, (x, y) -> 1), "png", dir.resolve("cat/1.png"));
      Files.createDirectories(dir.resolve("dog"));

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromImageFolder(dir, images(options(1, 1, 1))));

      assertThat(e.getMessage(), allOf(containsString("dog"), containsString("no images")));
    }

    @Test
    void imagesWithoutImageOptions_sayTheModelInputIsNeeded() {
      save(gray(1, 1, (x, y) -> 1), "png", dir.resolve("cat/1.png"));

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> Datasets.fromDirectory(dir, LoadOptions.defaults()));

      assertThat(e.getMessage(), containsString("model's input"));
    }

    @Test
    void csvWithoutTheColumnsOrWithAnUnknownLabel_isAnErrorWithTheLine() {
      save(gray(1, 1, (x, y) -> 1), "png", dir.resolve("a.png"));
      Path noHeader = write(dir, "no-header.csv", "a.png,cat\n");
      Path unknown = write(dir, "unknown.csv", "file,label\na.png,cat\na.png,horse\n");
      LoadOptions options = images(options(1, 1, 1)).withClasses(List.of("cat", "dog"));

      assertThat(
          assertThrows(InvalidDataException.class, () -> Datasets.load(noHeader, options))
              .getMessage(),
          containsString("columns file and label"));
      assertThat(
          assertThrows(InvalidDataException.class, () -> Datasets.load(unknown, options))
              .getMessage(),
          allOf(containsString("line 3"), containsString("'horse'"), containsString("[cat, dog]")));
    }

    @Test
    void csvNamingAMissingImage_isAnErrorNamingIt() {
      Path csv = write(dir, "missing.csv", "file,label\nnone.png,0\n");

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class, () -> Datasets.load(csv, images(options(1, 1, 1))));

      assertThat(e.getMessage(), containsString("none.png"));
    }
  }
}
