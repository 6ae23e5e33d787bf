package io.github.modelbudget.harness.testing;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.AssociatedFiles;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileT;
import org.tensorflow.lite.support.metadata.schema.AssociatedFileType;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.ModelMetadataT;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadataT;
import org.tensorflow.lite.support.metadata.schema.TensorMetadataT;

/**
 * Image classifiers with a {@code UINT8} input, and TFLite metadata as the metadata writer adds it.
 */
public final class ImageModels {

  /** The input's scale: pixel {@code p} stands for {@code p / 255}, as converters write it. */
  public static final float INPUT_SCALE = 1f / 255;

  /** The dense layer's weight on each pixel of the top half; the bottom half gets its negative. */
  public static final float GAIN = 4f;

  private ImageModels() {}

  /**
   * A sigmoid classifier of {@code side × side} gray images with a {@code UINT8} input (scale
   * 1/255, zero point 0) read through a {@code DEQUANTIZE}, as a converter writes a model with
   * {@code inference_input_type = uint8} in front of a float graph: {@code p = sigmoid(GAIN × (sum
   * of the top half's values − sum of the bottom half's))}, values in [0, 1]. Class 1 is "brighter
   * at the top".
   */
  public static TfliteModel topVersusBottom(String name, int side) {
    return topVersusBottomGraph(side).build(name);
  }

  /** The builder of {@link #topVersusBottom}, to add metadata to before building. */
  public static TfliteModelBuilder topVersusBottomGraph(int side) {
    int pixels = side * side;
    float[] weights = new float[pixels];
    for (int i = 0; i < pixels; i++) {
      weights[i] = i < pixels / 2 ? GAIN : -GAIN;
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef image =
        b.quantizedInput(
            "image",
            TensorType.UINT8,
            QuantizationInfo.perTensor(INPUT_SCALE, 0),
            -1,
            side,
            side,
            1);
    TensorRef real = b.tensor("image/dequantized", TensorType.FLOAT32, -1, side, side, 1);
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

  /**
   * Returns a model's bytes with TFLite metadata naming a labels file on its first output, and that
   * file appended as a ZIP archive, as the TFLite Support metadata writer stores it.
   *
   * @param builder the model's builder, given the metadata entry here
   * @param labelsName the labels file's name in the archive, e.g. {@code labels.txt}
   * @param labels the labels file's text
   * @return the {@code .tflite} file's bytes
   */
  public static byte[] withLabels(TfliteModelBuilder builder, String labelsName, String labels) {
    byte[] flatbuffer =
        builder.metadata(AssociatedFiles.METADATA_NAME, labelsMetadata(labelsName)).toBytes();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(flatbuffer);
    bytes.writeBytes(zip(labelsName, labels.getBytes(StandardCharsets.UTF_8)));
    return bytes.toByteArray();
  }

  /** A {@code ModelMetadata} flatbuffer whose first output has a TENSOR_AXIS_LABELS file. */
  public static byte[] labelsMetadata(String labelsName) {
    AssociatedFileT labels = new AssociatedFileT();
    labels.setName(labelsName);
    labels.setDescription("Labels for categories that the model can recognize.");
    labels.setType(AssociatedFileType.TENSOR_AXIS_LABELS);
    TensorMetadataT output = new TensorMetadataT();
    output.setName("probability");
    output.setAssociatedFiles(new AssociatedFileT[] {labels});
    TensorMetadataT input = new TensorMetadataT();
    input.setName("image");
    SubGraphMetadataT subgraph = new SubGraphMetadataT();
    subgraph.setInputTensorMetadata(new TensorMetadataT[] {input});
    subgraph.setOutputTensorMetadata(new TensorMetadataT[] {output});
    ModelMetadataT metadata = new ModelMetadataT();
    metadata.setName("top versus bottom");
    metadata.setVersion("v1");
    metadata.setMinParserVersion("1.0.0");
    metadata.setSubgraphMetadata(new SubGraphMetadataT[] {subgraph});
    FlatBufferBuilder fbb = new FlatBufferBuilder(256);
    ModelMetadata.finishModelMetadataBuffer(fbb, ModelMetadata.pack(fbb, metadata));
    return fbb.sizedByteArray();
  }

  private static byte[] zip(String name, byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
