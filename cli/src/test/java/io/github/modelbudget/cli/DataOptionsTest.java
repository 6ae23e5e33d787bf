package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.flatbuffers.FlatBufferBuilder;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.AssociatedFiles;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileT;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.ModelMetadataT;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadataT;
import org.tensorflow.lite.support.metadata.schema.TensorMetadataT;

/**
 * {@code --classes}, {@code --labels}, the model's metadata labels, and image folders fed raw or
 * normalised.
 */
class DataOptionsTest {

  private static final int SIDE = 4;
  private static final int PER_CLASS = 12;
  private static final int MISLEADING = 3;

  @TempDir Path dir;

  private StringWriter out;
  private StringWriter err;
  private Path images;
  private Path classifier;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  private JsonNode evaluate(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("evaluate", "--json"));
    args.addAll(List.of(options));
    int code = run(args.toArray(String[]::new));
    assertThat(err.toString(), code, is(ExitCode.OK));
    return new ObjectMapper().readTree(out.toString()).get("evaluation");
  }

  /**
   * A sigmoid classifier of 4×4 gray images with a UINT8 input (scale 1/255) read through a
   * DEQUANTIZE: class 1 is "brighter at the top".
   */
  private static TfliteModelBuilder topVersusBottom() {
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

  /** The model with TFLite metadata naming labels.txt on its output, the file appended as a ZIP. */
  private static byte[] withMetadataLabels(String labels) throws IOException {
    AssociatedFileT file = new AssociatedFileT();
    file.setName("labels.txt");
    file.setType(AssociatedFileType.TENSOR_AXIS_LABELS);
    TensorMetadataT output = new TensorMetadataT();
    output.setAssociatedFiles(new AssociatedFileT[] {file});
    SubGraphMetadataT subgraph = new SubGraphMetadataT();
    subgraph.setOutputTensorMetadata(new TensorMetadataT[] {output});
    ModelMetadataT metadata = new ModelMetadataT();
    metadata.setSubgraphMetadata(new SubGraphMetadataT[] {subgraph});
    FlatBufferBuilder fbb = new FlatBufferBuilder(128);
    ModelMetadata.finishModelMetadataBuffer(fbb, ModelMetadata.pack(fbb, metadata));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(
        topVersusBottom().metadata(AssociatedFiles.METADATA_NAME, fbb.sizedByteArray()).toBytes());
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(archive)) {
      zip.putNextEntry(new ZipEntry("labels.txt"));
      zip.write(labels.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    bytes.write(archive.toByteArray());
    return bytes.toByteArray();
  }

  /** 8×8 gray PNGs in bottom/ and top/, values multiples of 4 (see the harness's image test). */
  @BeforeEach
  void writeModelAndImages() throws IOException {
    classifier = dir.resolve("classifier.tflite");
    Files.write(classifier, topVersusBottom().toBytes());
    images = dir.resolve("images");
    SplittableRandom random = new SplittableRandom(15);
    for (String folder : List.of("bottom", "top")) {
      for (int i = 0; i < PER_CLASS; i++) {
        boolean brightTop = folder.equals("top") == (i >= MISLEADING);
        BufferedImage image = new BufferedImage(2 * SIDE, 2 * SIDE, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2 * SIDE; y++) {
          for (int x = 0; x < 2 * SIDE; x++) {
            boolean bright = (y < SIDE) == brightTop;
            image
                .getRaster()
                .setSample(x, y, 0, 4 * (bright ? 40 + random.nextInt(40) : random.nextInt(10)));
          }
        }
        Path file = images.resolve(folder).resolve(String.format("%02d.png", i));
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
      }
    }
  }

  @Test
  void evaluate_imageFolderRawAndNormalised_agree() throws IOException {
    JsonNode raw = evaluate("--data", images.toString(), "--raw", classifier.toString());
    JsonNode normalised =
        evaluate(
            "--data", images.toString(), "--scale", "0.00392156862745098", classifier.toString());

    assertThat(raw.get("accuracy").asDouble(), is((double) (PER_CLASS - MISLEADING) / PER_CLASS));
    assertThat(normalised.get("accuracy"), is(raw.get("accuracy")));
    assertThat(normalised.get("logLoss"), is(raw.get("logLoss")));
    assertThat(normalised.get("rocAuc"), is(raw.get("rocAuc")));
    assertThat(raw.get("warnings").size(), is(0));
  }

  @Test
  void evaluate_classesReversed_complementaryAccuracyAndTheInvertedLabelsWarning()
      throws IOException {
    JsonNode sorted = evaluate("--data", images.toString(), "--raw", classifier.toString());
    JsonNode reversed =
        evaluate(
            "--data", images.toString(), "--raw", "--classes", "top,bottom", classifier.toString());

    assertThat(
        reversed.get("accuracy").asDouble(), closeTo(1 - sorted.get("accuracy").asDouble(), 1e-12));
    assertThat(reversed.get("rocAuc").asDouble(), lessThan(0.5));
    assertThat(reversed.get("warnings").get(0).asText(), containsString("labels inverted?"));

    int code =
        run(
            "evaluate",
            "--data",
            images.toString(),
            "--raw",
            "--classes=top,bottom",
            classifier.toString());
    assertThat(code, is(ExitCode.OK));
    assertThat(out.toString(), containsString("warning     labels inverted?"));
  }

  @Test
  void evaluate_labelsFileAndMetadataLabels_orderTheClassesAsTheModelSays() throws IOException {
    Path labels = Files.writeString(dir.resolve("labels.txt"), "top\nbottom\n\n");
    Path labelled =
        Files.write(dir.resolve("labelled.tflite"), withMetadataLabels("top\nbottom\n"));

    JsonNode sorted = evaluate("--data", images.toString(), "--raw", classifier.toString());
    JsonNode fromFile =
        evaluate(
            "--data",
            images.toString(),
            "--raw",
            "--labels",
            labels.toString(),
            classifier.toString());
    JsonNode fromMetadata = evaluate("--data", images.toString(), "--raw", labelled.toString());
    JsonNode overridden =
        evaluate(
            "--data", images.toString(), "--raw", "--classes", "bottom,top", labelled.toString());

    double complement = 1 - sorted.get("accuracy").asDouble();
    assertThat(fromFile.get("accuracy").asDouble(), closeTo(complement, 1e-12));
    assertThat(fromMetadata.get("accuracy").asDouble(), closeTo(complement, 1e-12));
    assertThat(overridden.get("accuracy"), is(sorted.get("accuracy")));
  }

  @Test
  void evaluate_quickDrawClassFolderInTheSeedsOrder_fromAllWrongToAllRight() throws IOException {
    // The seed's order: The Mona Lisa = 0, The Eiffel Tower = 1; sorted names number them the
    // other way round.
    Fixtures fx = Fixtures.create(dir.resolve("seed"), 40);
    float[] drawings = Fixtures.images(40, 5L);
    int[] labels =
        Fixtures.labelsBy(
            io.github.modelbudget.harness.format.TfliteModel.read(fx.baseline), drawings, 40);
    Path folder = Files.createDirectories(dir.resolve("drawings"));
    writeClass(folder.resolve("The Mona Lisa.npy"), drawings, labels, 0);
    writeClass(folder.resolve("The Eiffel Tower.npy"), drawings, labels, 1);

    JsonNode sorted = evaluate("--data", folder.toString(), fx.baseline.toString());
    JsonNode seed =
        evaluate(
            "--data",
            folder.toString(),
            "--classes",
            "The Mona Lisa,The Eiffel Tower",
            fx.baseline.toString());

    assertThat(sorted.get("accuracy").asDouble(), is(0.0));
    assertThat(sorted.get("warnings").get(0).asText(), containsString("labels inverted?"));
    assertThat(seed.get("accuracy").asDouble(), is(1.0));
    assertThat(seed.get("warnings").size(), is(0));
  }

  private static void writeClass(Path file, float[] drawings, int[] labels, int label)
      throws IOException {
    int pixels = Fixtures.SIDE * Fixtures.SIDE;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int count = 0;
    for (int s = 0; s < labels.length; s++) {
      if (labels[s] == label) {
        for (int p = 0; p < pixels; p++) {
          bytes.write(Math.round(drawings[s * pixels + p] * 255));
        }
        count++;
      }
    }
    Files.write(file, NpzFiles.npyUint8(bytes.toByteArray(), count, pixels));
  }

  @Nested
  class BadOptions {

    @Test
    void classesNotMatchingTheFolders_exit3ListingBoth() {
      int code =
          run(
              "evaluate",
              "--data",
              images.toString(),
              "--raw",
              "--classes",
              "top,middle",
              classifier.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(),
          allOf(
              containsString("[top, middle]"),
              containsString("[bottom, top]"),
              containsString("not among the classes given: [bottom]"),
              containsString("given but without data: [middle]")));
    }

    @Test
    void classesAndLabels_orRawWithScale_areUsageErrors() throws IOException {
      Path labels = Files.writeString(dir.resolve("labels.txt"), "a\nb\n");

      assertThat(
          run(
              "evaluate",
              "--data",
              images.toString(),
              "--classes",
              "a,b",
              "--labels",
              labels.toString(),
              classifier.toString()),
          is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--classes or --labels"));
      assertThat(
          run(
              "evaluate",
              "--data",
              images.toString(),
              "--raw",
              "--scale",
              "2",
              classifier.toString()),
          is(ExitCode.USAGE));
      assertThat(err.toString(), containsString("--raw"));
    }

    @Test
    void imagesForAModelWhoseInputIsNotAnImage_exit3SayingSo() throws IOException {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, -1, 16);
      TensorRef w = b.constant("dense/kernel", new float[16], 1, 16);
      TensorRef bias = b.constant("dense/bias", new float[1], 1);
      TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 1);
      b.fullyConnected(x, w, bias, y, Activation.NONE).output(y);
      Path flat = Files.write(dir.resolve("flat.tflite"), b.toBytes());

      int code = run("evaluate", "--data", images.toString(), flat.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(err.toString(), allOf(containsString("holds images"), containsString("[1, 16]")));
    }

    @Test
    void unreadableMetadataLabels_exit3SuggestingClasses_whichStillWork() throws IOException {
      Path broken =
          Files.write(
              dir.resolve("broken.tflite"),
              topVersusBottom()
                  .metadata(AssociatedFiles.METADATA_NAME, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})
                  .toBytes());

      int code = run("evaluate", "--data", images.toString(), "--raw", broken.toString());
      String message = err.toString();
      int stated =
          run(
              "evaluate",
              "--data",
              images.toString(),
              "--raw",
              "--classes",
              "bottom,top",
              broken.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          message, allOf(containsString("broken.tflite"), containsString("--classes or --labels")));
      assertThat(err.toString(), stated, is(ExitCode.OK));
    }

    @Test
    void aLabelsFileWithADuplicate_exit3NamingIt() throws IOException {
      Path labels = Files.writeString(dir.resolve("dup.txt"), "top\ntop\n");

      int code =
          run(
              "evaluate",
              "--data",
              images.toString(),
              "--labels",
              labels.toString(),
              classifier.toString());

      assertThat(code, is(ExitCode.INVALID_INPUT));
      assertThat(
          err.toString(), allOf(containsString("dup.txt"), containsString("'top' is named twice")));
    }
  }
}
