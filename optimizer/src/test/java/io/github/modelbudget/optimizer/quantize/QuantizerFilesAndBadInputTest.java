package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.TensorT;

class QuantizerFilesAndBadInputTest {

  @TempDir Path dir;

  @Test
  void quantizeFile_writesAVerifiedModelAndNoTemporaryFiles() throws IOException {
    Path source = dir.resolve("baseline.tflite");
    FloatModels.seed(41).model().save(source);
    Path target = dir.resolve("out/quantized.tflite");

    QuantizedModel result = DynamicRangeQuantizer.withDefaults().quantize(source, target);

    TfliteModel written = TfliteModel.read(target);
    assertThat(written.sha256(), is(result.model().sha256()));
    assertThat(result.report().model(), is("baseline"));
    assertThat(files(dir), contains("baseline.tflite", "out/quantized.tflite"));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void alreadyQuantizedModel_throwsNamingTheModelAndTensor() {
      TfliteModel int8 = FloatModels.alreadyQuantized(42);

      NotQuantizableException e =
          assertThrows(
              NotQuantizableException.class,
              () -> DynamicRangeQuantizer.withDefaults().quantize(int8));

      assertThat(e.origin(), is("int8_conv"));
      assertThat(
          e.getMessage(),
          is(
              "int8_conv: expected a float model with FLOAT32 weights to quantize but found none;"
                  + " the model is already quantized: 'conv/filter' is INT8"));
    }

    @Test
    void alreadyQuantizedModel_toAFile_writesNothing() throws IOException {
      Path target = dir.resolve("quantized.tflite");
      TfliteModel int8 = FloatModels.alreadyQuantized(42);

      assertThrows(
          NotQuantizableException.class,
          () -> DynamicRangeQuantizer.withDefaults().quantize(int8, target));

      assertThat(files(dir), is(List.of()));
    }

    @Test
    void fullyQuantizedModel_quantizedAgain_throws() {
      DynamicRangeQuantizer quantizer =
          new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(100));
      TfliteModel once = quantizer.quantize(FloatModels.seed(43).model()).model();

      NotQuantizableException e =
          assertThrows(NotQuantizableException.class, () -> quantizer.quantize(once));

      assertThat(
          e.getMessage(),
          containsString(
              "already quantized: 'conv2d/kernel' is INT8, 'conv2d_1/kernel' is INT8,"
                  + " 'dense/kernel' is INT8"));
    }

    @Test
    void corruptFile_throwsInvalidModelNamingTheFile_andWritesNothing() throws IOException {
      Path source = dir.resolve("corrupt.tflite");
      byte[] bytes = FloatModels.seed(44).model().bytes();
      Files.write(source, Arrays.copyOf(bytes, bytes.length / 2));
      Path target = dir.resolve("quantized.tflite");

      InvalidModelException e =
          assertThrows(
              InvalidModelException.class,
              () -> DynamicRangeQuantizer.withDefaults().quantize(source, target));

      assertThat(e.getMessage(), containsString(source.toString()));
      assertThat(files(dir), contains("corrupt.tflite"));
    }

    @Test
    void notAModel_throwsInvalidModel() throws IOException {
      Path source = dir.resolve("notes.tflite");
      Files.writeString(source, "these are not the weights you are looking for");

      InvalidModelException e =
          assertThrows(
              InvalidModelException.class,
              () -> DynamicRangeQuantizer.withDefaults().quantize(source, dir.resolve("q.tflite")));

      assertThat(e.getMessage(), containsString("expected the TFLite file identifier 'TFL3'"));
      assertThat(files(dir), contains("notes.tflite"));
    }

    @Test
    void weightBufferShorterThanItsShape_throwsInvalidModelNamingTheTensor() {
      ModelT schema = FloatModels.seed(45).model().schema();
      TensorT kernel = Tensors.tensor(schema, "conv2d_1/kernel");
      int[] data = schema.getBuffers()[(int) kernel.getBuffer()].getData();
      schema.getBuffers()[(int) kernel.getBuffer()].setData(Arrays.copyOf(data, data.length - 4));

      InvalidModelException e =
          assertThrows(
              InvalidModelException.class,
              () ->
                  DynamicRangeQuantizer.withDefaults()
                      .quantize(TfliteModel.fromBytes("short", schema.serializeToBinary())));

      assertThat(
          e.getMessage(),
          is(
              "short: FLOAT32 tensor 'conv2d_1/kernel' has shape [24, 3, 3, 12] (2592 elements,"
                  + " 10368 bytes) but its buffer holds 10364 bytes"));
    }

    @Test
    void minElementsBelowOne_isRejected() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> QuantizationOptions.defaults().withMinElements(0));

      assertThat(e.getMessage(), is("minElements must be at least 1 but was 0"));
    }
  }

  private List<String> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
