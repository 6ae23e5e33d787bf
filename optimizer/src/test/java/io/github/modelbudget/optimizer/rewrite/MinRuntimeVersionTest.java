package io.github.modelbudget.optimizer.rewrite;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;

class MinRuntimeVersionTest {

  @Test
  void compare_ordersPartsNumerically() {
    assertThat(MinRuntimeVersion.compare("1.14.0", "1.5.0"), greaterThan(0));
    assertThat(MinRuntimeVersion.compare("2.17.0", "2.4.0"), greaterThan(0));
    assertThat(MinRuntimeVersion.compare("2.4", "2.4.0"), lessThan(0));
    assertThat(MinRuntimeVersion.compare("2.4.0", "2.4.0"), is(0));
  }

  @Test
  void forOperator_knowsTheHybridVersions() {
    assertThat(
        MinRuntimeVersion.forOperator(BuiltinOperator.FULLY_CONNECTED, 12),
        is(Optional.of("2.17.0")));
    assertThat(MinRuntimeVersion.forOperator(BuiltinOperator.CONV_2D, 5), is(Optional.of("2.4.0")));
    assertThat(MinRuntimeVersion.forOperator(BuiltinOperator.CONV_2D, 99), is(Optional.empty()));
  }

  @Test
  void update_raisesThePaddedValueInItsOwnBuffer() {
    ModelT model =
        model(Optional.of(Arrays.copyOf("1.5.0".getBytes(StandardCharsets.US_ASCII), 16)), 12);
    int buffers = model.getBuffers().length;

    Optional<String> value = MinRuntimeVersion.update(model);

    assertThat(value, is(Optional.of("2.17.0")));
    assertThat(MinRuntimeVersion.read(model), is(Optional.of("2.17.0")));
    byte[] stored = ModelMetadata.read(model, MinRuntimeVersion.METADATA_NAME).orElseThrow();
    assertThat(stored.length, is(16));
    assertThat(stored[6], is((byte) 0));
    assertThat(model.getBuffers().length, is(buffers));
  }

  @Test
  void update_neverLowersAValue_andAddsAMissingEntry() {
    ModelT higher = model(Optional.of("2.20.0".getBytes(StandardCharsets.US_ASCII)), 12);
    ModelT missing = model(Optional.empty(), 12);

    assertThat(MinRuntimeVersion.update(higher), is(Optional.of("2.20.0")));
    assertThat(MinRuntimeVersion.update(missing), is(Optional.of("2.17.0")));
    assertThat(
        ModelMetadata.read(missing, MinRuntimeVersion.METADATA_NAME).orElseThrow().length,
        is(MinRuntimeVersion.CONVERTER_BUFFER_SIZE));
  }

  /** A FULLY_CONNECTED with int8 weights at the given version, with or without the entry. */
  private static ModelT model(Optional<byte[]> version, int fullyConnectedVersion) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    version.ifPresent(v -> b.metadata(MinRuntimeVersion.METADATA_NAME, v));
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef w = b.constant("w", new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
    TensorRef bias = b.constant("b", new float[] {0, 0}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 2);
    b.fullyConnected(x, w, bias, y, Activation.NONE).output(y);
    TfliteModel built = b.build("fc");
    ModelT model = built.schema();
    model.getOperatorCodes()[0].setVersion(fullyConnectedVersion);
    return model;
  }
}
