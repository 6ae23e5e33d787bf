package io.github.modelbudget.optimizer.quantize;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraph;

class SchemaRoundTripTest {

  @Test
  void plainObjectApiRoundTrip_addsEmptyVectors() {
    TfliteModel original = FloatModels.seed(61).model();

    Model repacked = raw(original.schema().serializeToBinary());

    // The reason SchemaRoundTrip exists: the object API writes the absent vectors back as empty.
    assertThat(repacked.subgraphs(0).operators(0).customOptionsAsByteBuffer() != null, is(true));
    assertThat(repacked.buffers(0).dataAsByteBuffer() != null, is(true));
  }

  @Test
  void serialize_keepsAbsentVectorsAbsent() {
    TfliteModel original = FloatModels.seed(61).model();

    byte[] bytes = SchemaRoundTrip.serialize(original.schema());

    assertSameVectorPresence(raw(original.bytes()), raw(bytes), 0);
  }

  @Test
  void quantizedAndPrunedModels_haveTheOriginalsVectorPresence() {
    TfliteModel original = FloatModels.seed(62).model();
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withMinElements(100));

    TfliteModel quantized = quantizer.quantize(original).model();
    TfliteModel pruned =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.5)).prune(original).model();

    // Quantizing adds one buffer, the CONVERSION_METADATA entry's.
    assertSameVectorPresence(raw(original.bytes()), raw(quantized.bytes()), 1);
    assertSameVectorPresence(raw(original.bytes()), raw(pruned.bytes()), 0);
  }

  @Test
  void serialize_ofAnUnchangedModel_keepsItsSizeUpToAlignment() {
    TfliteModel original = FloatModels.seed(64).model();

    byte[] bytes = SchemaRoundTrip.serialize(original.schema());

    // Constant buffers are 16-byte aligned, so padding may shift by up to 16 bytes; an empty vector
    // left in each of the 29 tensors or 11 operators would add hundreds.
    assertThat(bytes.length, is(lessThanOrEqualTo(original.size() + 16)));
    assertThat(bytes.length, is(greaterThanOrEqualTo(original.size() - 16)));
  }

  @Test
  void serialize_keepsTheModelsContent() {
    TfliteModel original = FloatModels.mixed(63).model();
    ModelT schema = original.schema();

    TfliteModel copy = TfliteModel.fromBytes("copy", SchemaRoundTrip.serialize(schema));

    assertThat(copy.inspect().operators(), is(original.inspect().operators()));
    assertThat(copy.inspect().constants(), is(original.inspect().constants()));
  }

  private static void assertSameVectorPresence(Model expected, Model actual, int addedBuffers) {
    assertThat(actual.buffersLength(), is(expected.buffersLength() + addedBuffers));
    for (int b = expected.buffersLength(); b < actual.buffersLength(); b++) {
      assertThat("added buffer " + b, actual.buffers(b).dataLength(), is(greaterThan(0)));
    }
    for (int b = 0; b < expected.buffersLength(); b++) {
      assertThat(
          "buffer " + b,
          actual.buffers(b).dataAsByteBuffer() != null,
          is(expected.buffers(b).dataAsByteBuffer() != null));
    }
    SubGraph e = expected.subgraphs(0);
    SubGraph a = actual.subgraphs(0);
    assertThat(a.operatorsLength(), is(e.operatorsLength()));
    for (int o = 0; o < e.operatorsLength(); o++) {
      assertThat(
          "custom options of operator " + o,
          a.operators(o).customOptionsAsByteBuffer() != null,
          is(e.operators(o).customOptionsAsByteBuffer() != null));
      assertThat(
          "intermediates of operator " + o,
          a.operators(o).intermediatesAsByteBuffer() != null,
          is(e.operators(o).intermediatesAsByteBuffer() != null));
    }
    for (int t = 0; t < e.tensorsLength(); t++) {
      assertThat(
          "variant tensors of " + e.tensors(t).name(),
          a.tensors(t).variantTensorsLength(),
          is(e.tensors(t).variantTensorsLength()));
      assertThat(
          "shape signature of " + e.tensors(t).name(),
          a.tensors(t).shapeSignatureAsByteBuffer() != null,
          is(e.tensors(t).shapeSignatureAsByteBuffer() != null));
    }
  }

  private static Model raw(byte[] bytes) {
    return Model.getRootAsModel(ByteBuffer.wrap(bytes));
  }
}
