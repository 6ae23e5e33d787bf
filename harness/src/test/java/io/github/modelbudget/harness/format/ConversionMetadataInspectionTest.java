package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decoding {@code CONVERSION_METADATA} buffers built slot by slot as TFLite's
 * conversion_metadata.fbs lays them out (not with the class under test), and what inspection makes
 * of them.
 */
class ConversionMetadataInspectionTest {

  /**
   * A {@code ConversionMetadata} flatbuffer as the converter writes it, field by field in schema
   * order: environment {tensorflow_version, api_version, model_type}, options
   * {model_optimization_modes, allow_custom_ops, enable_select_tf_ops, force_select_tf_ops,
   * sparsity_block_sizes}.
   */
  static byte[] conversionMetadata(
      String tfVersion,
      int apiVersion,
      int modelType,
      int[] modes,
      int[][] blockSizes,
      boolean allowCustomOps) {
    FlatBufferBuilder fbb = new FlatBufferBuilder(256);
    int version = fbb.createString(tfVersion);
    fbb.startTable(3);
    fbb.addOffset(0, version, 0);
    fbb.addInt(1, apiVersion, 0);
    fbb.addInt(2, modelType, 0);
    int environment = fbb.endTable();
    int modeVector = intVector(fbb, modes);
    int[] blocks = new int[blockSizes.length];
    for (int i = 0; i < blocks.length; i++) {
      int values = intVector(fbb, blockSizes[i]);
      fbb.startTable(1);
      fbb.addOffset(0, values, 0);
      blocks[i] = fbb.endTable();
    }
    int blockVector = fbb.createVectorOfTables(blocks);
    fbb.startTable(5);
    fbb.addOffset(0, modeVector, 0);
    fbb.addBoolean(1, allowCustomOps, false);
    fbb.addBoolean(2, false, false);
    fbb.addBoolean(3, false, false);
    fbb.addOffset(4, blockVector, 0);
    int options = fbb.endTable();
    fbb.startTable(2);
    fbb.addOffset(0, environment, 0);
    fbb.addOffset(1, options, 0);
    fbb.finish(fbb.endTable());
    return fbb.sizedByteArray();
  }

  private static int intVector(FlatBufferBuilder fbb, int[] values) {
    fbb.startVector(4, values.length, 4);
    for (int i = values.length - 1; i >= 0; i--) {
      fbb.addInt(values[i]);
    }
    return fbb.endVector();
  }

  private static TfliteModel modelWithMetadata(byte[] conversion) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    b.metadata("min_runtime_version", Arrays.copyOf("2.17.0".getBytes(), 16));
    b.metadata(ConversionMetadata.METADATA_NAME, conversion);
    TensorRef x = b.input("x", TensorType.FLOAT32, 1, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 2);
    b.logistic(x, y).output(y);
    return b.build("with_metadata");
  }

  @Test
  void read_converterBuffer_decodesEveryField() {
    byte[] bytes =
        conversionMetadata("2.21.0", 2, 2, new int[] {1002, 3001}, new int[][] {{1, 4}}, true);

    ConversionMetadata metadata = ConversionMetadata.read("test", bytes);

    ConversionMetadata.Environment environment = metadata.environment().orElseThrow();
    assertThat(environment.tensorflowVersion(), is(Optional.of("2.21.0")));
    assertThat(environment.apiVersion(), is(2L));
    assertThat(environment.modelTypeName(), is(Optional.of("KERAS_MODEL")));
    ConversionMetadata.Options options = metadata.options().orElseThrow();
    assertThat(
        options.modes(),
        contains(
            ConversionMetadata.OptimizationMode.PTQ_DYNAMIC_RANGE,
            ConversionMetadata.OptimizationMode.RANDOM_SPARSITY));
    assertThat(options.allowCustomOps(), is(true));
    assertThat(options.enableSelectTfOps(), is(false));
    assertThat(options.sparsityBlockSizes(), contains(List.of(1L, 4L)));
    assertThat(
        metadata.describe(),
        is(
            "TF 2.21.0, KERAS_MODEL, PTQ_DYNAMIC_RANGE, RANDOM_SPARSITY, sparsity blocks [[1, 4]],"
                + " custom ops allowed"));
  }

  @Test
  void read_everyOptimizationMode_hasItsSchemaName() {
    byte[] bytes =
        conversionMetadata(
            "2.9.0", 1, 1, new int[] {1001, 1003, 1004, 2000, 3002, 3003, 42}, new int[0][], false);

    assertThat(
        ConversionMetadata.read("test", bytes).describe(),
        is(
            "TF 2.9.0, TF_SAVED_MODEL, PTQ_FLOAT16, PTQ_FULL_INTEGER, PTQ_INT16,"
                + " QUANTIZATION_AWARE_TRAINING, BLOCK_SPARSITY, STRUCTURED_SPARSITY, mode 42"));
  }

  @Test
  void inspect_modelWithMetadata_decodesBothEntries() {
    ModelInfo info =
        modelWithMetadata(conversionMetadata("2.21.0", 2, 2, new int[] {1003}, new int[0][], false))
            .inspect();

    assertThat(info.minRuntimeVersion(), is(Optional.of("2.17.0")));
    assertThat(
        info.conversionMetadata().orElseThrow().options().orElseThrow().modes(),
        contains(ConversionMetadata.OptimizationMode.PTQ_FULL_INTEGER));
    assertThat(info.warnings(), is(empty()));
  }

  @Test
  void inspect_corruptConversionMetadata_isAWarningNotACrash() {
    byte[] bytes = conversionMetadata("2.21.0", 2, 2, new int[] {1002}, new int[0][], false);
    // Point the root table far outside the buffer.
    bytes[0] = (byte) 0xf0;
    bytes[1] = (byte) 0xff;

    ModelInfo info = modelWithMetadata(bytes).inspect();

    assertThat(info.conversionMetadata().isPresent(), is(false));
    assertThat(info.warnings(), hasSize(1));
    assertThat(
        info.warnings().get(0).toString(),
        containsString("CONVERSION_METADATA: cannot be decoded"));
  }
}
