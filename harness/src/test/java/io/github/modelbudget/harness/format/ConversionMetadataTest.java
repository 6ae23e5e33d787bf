package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.modelbudget.harness.format.ConversionMetadata.Environment;
import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.ConversionMetadata.Options;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversionMetadataTest {

  @Test
  void everyField_survivesARoundTrip() {
    ConversionMetadata metadata =
        new ConversionMetadata(
            Optional.of(new Environment(Optional.of("2.21.0"), 2, 2, 0x1234_5678_9abcL)),
            Optional.of(
                new Options(
                    List.of(1002, 3001),
                    true,
                    false,
                    true,
                    List.of(List.of(1L, 4L), List.of(2L)))));

    ConversionMetadata read = ConversionMetadata.read("m.tflite", metadata.toBytes());

    assertThat(read, is(metadata));
    assertThat(read.environment().orElseThrow().modelTypeName(), is(Optional.of("KERAS_MODEL")));
    assertThat(
        read.options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_DYNAMIC_RANGE, OptimizationMode.RANDOM_SPARSITY));
  }

  /**
   * A buffer laid out slot by slot as conversion_metadata.fbs declares it (environment 0, options
   * 1; tensorflow_version 0, api_version 1, model_type 2; model_optimization_modes 0,
   * allow_custom_ops 1), built here without the class under test.
   */
  @Test
  void aBufferInTheConvertersLayout_isDecoded() {
    FlatBufferBuilder b = new FlatBufferBuilder();
    int version = b.createString("2.9.1");
    b.startTable(4);
    b.addOffset(0, version, 0);
    b.addInt(1, 1, 0);
    b.addInt(2, 1, 0);
    int environment = b.endTable();
    b.startVector(4, 2, 4);
    b.addInt(1001);
    b.addInt(3002);
    int modes = b.endVector();
    b.startTable(5);
    b.addOffset(0, modes, 0);
    b.addBoolean(1, true, false);
    int options = b.endTable();
    b.startTable(2);
    b.addOffset(0, environment, 0);
    b.addOffset(1, options, 0);
    b.finish(b.endTable());

    ConversionMetadata read = ConversionMetadata.read("m.tflite", b.sizedByteArray());

    Environment env = read.environment().orElseThrow();
    assertThat(env.tensorflowVersion(), is(Optional.of("2.9.1")));
    assertThat(env.apiVersion(), is(1L));
    assertThat(env.modelTypeName(), is(Optional.of("TF_SAVED_MODEL")));
    Options o = read.options().orElseThrow();
    // The stored order is kept: 3002 was added first, so it comes first.
    assertThat(o.modes(), contains(OptimizationMode.BLOCK_SPARSITY, OptimizationMode.PTQ_FLOAT16));
    assertThat(o.allowCustomOps(), is(true));
    assertThat(o.enableSelectTfOps(), is(false));
  }

  @Test
  void withMode_addsAModeOnceAndKeepsTheEnvironment() {
    ConversionMetadata metadata =
        new ConversionMetadata(
            Optional.of(new Environment(Optional.of("2.21.0"), 2, 1, 0)),
            Optional.of(Options.of(OptimizationMode.RANDOM_SPARSITY)));

    ConversionMetadata updated =
        metadata
            .withMode(OptimizationMode.PTQ_DYNAMIC_RANGE)
            .withMode(OptimizationMode.PTQ_DYNAMIC_RANGE);

    assertThat(
        updated.options().orElseThrow().modes(),
        contains(OptimizationMode.RANDOM_SPARSITY, OptimizationMode.PTQ_DYNAMIC_RANGE));
    assertThat(updated.environment(), is(metadata.environment()));
    assertThat(
        new ConversionMetadata(Optional.empty(), Optional.empty())
            .withMode(OptimizationMode.PTQ_FLOAT16)
            .options()
            .orElseThrow()
            .optimizationModeCodes(),
        contains(1001));
  }

  @Test
  void unknownModeCodes_areKeptButNotNamed() {
    ConversionMetadata metadata =
        new ConversionMetadata(
            Optional.empty(),
            Optional.of(new Options(List.of(1002, 4242), false, false, false, List.of())));

    ConversionMetadata read = ConversionMetadata.read("m.tflite", metadata.toBytes());

    assertThat(read.options().orElseThrow().optimizationModeCodes(), contains(1002, 4242));
    assertThat(read.options().orElseThrow().modes(), contains(OptimizationMode.PTQ_DYNAMIC_RANGE));
  }

  @Test
  void modelWithTheEntry_isRead_andModelWithoutIt_givesEmpty() {
    byte[] conversion =
        new ConversionMetadata(
                Optional.empty(), Optional.of(Options.of(OptimizationMode.PTQ_DYNAMIC_RANGE)))
            .toBytes();

    TfliteModel with = model(conversion);
    TfliteModel without = model(null);

    assertThat(
        ConversionMetadata.of(with).orElseThrow().options().orElseThrow().modes(),
        contains(OptimizationMode.PTQ_DYNAMIC_RANGE));
    assertThat(ConversionMetadata.of(without), is(Optional.empty()));
  }

  @Test
  void garbage_throwsNamingTheModelAndTheEntry() {
    InvalidModelException e =
        assertThrows(
            InvalidModelException.class,
            () ->
                ConversionMetadata.read("odd.tflite", new byte[] {(byte) 0xff, 0, 0, 0x7f, 1, 2}));

    assertThat(
        e.getMessage(),
        allOf(
            containsString("odd.tflite"),
            containsString("CONVERSION_METADATA"),
            containsString("6 bytes")));
  }

  private static TfliteModel model(byte[] conversion) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    b.metadata("min_runtime_version", TfliteModelBuilder.minRuntimeVersion("1.14.0"));
    if (conversion != null) {
      b.metadata(ConversionMetadata.METADATA_NAME, conversion);
    }
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 4);
    b.logistic(x, y).output(y);
    return b.build("with_metadata");
  }
}
