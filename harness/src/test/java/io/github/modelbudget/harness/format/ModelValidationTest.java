package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.ValidationIssue.Severity;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.testing.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * The graph checks every {@link TfliteModel} passes before a runtime can see it, and the warnings
 * inspection shows. The conv stack's operators are CONV_2D, MAX_POOL_2D, RESHAPE, FULLY_CONNECTED,
 * LOGISTIC.
 */
class ModelValidationTest {

  @TempDir Path dir;

  /** The conv stack's flatbuffer with one change made through the schema classes. */
  private static byte[] convStackWith(Consumer<SubGraphT> change) {
    ModelT schema = TestModels.convStack(8, 8, 2, 3L).model().schema();
    for (OperatorT op : schema.getSubgraphs()[0].getOperators()) {
      // Unpacking turns absent custom options into an empty vector, which TFLite logs about.
      op.setCustomOptions(null);
    }
    change.accept(schema.getSubgraphs()[0]);
    return schema.serializeToBinary();
  }

  private static int addTensor(SubGraphT subgraph, String name) {
    TensorT tensor = new TensorT();
    tensor.setName(name);
    tensor.setShape(new int[] {1, 3, 3, 2});
    tensor.setQuantization(new QuantizationParametersT());
    TensorT[] tensors = Arrays.copyOf(subgraph.getTensors(), subgraph.getTensors().length + 1);
    tensors[tensors.length - 1] = tensor;
    subgraph.setTensors(tensors);
    return tensors.length - 1;
  }

  @Nested
  @DisplayName("graphs the runtime would crash on or reject")
  class Errors {

    @Test
    void fromBytes_maxPoolWithTwoOutputs_isInvalidNamingTheOpAndTheCounts() {
      // Issue 18: passes TFLite's verifier, then SIGSEGVs in XNNPACK's partitioning.
      byte[] bytes =
          convStackWith(
              subgraph -> {
                OperatorT pool = subgraph.getOperators()[1];
                int extra = addTensor(subgraph, "pool/second_output");
                pool.setOutputs(new int[] {pool.getOutputs()[0], extra});
              });

      InvalidModelException e =
          assertThrows(
              InvalidModelException.class, () -> TfliteModel.fromBytes("two_outputs", bytes));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("two_outputs"),
              containsString("operator 1 (MAX_POOL_2D) of subgraph 0"),
              containsString("its kernel takes 1 output but it has 2")));
    }

    @Test
    void fromBytes_oneByteGivingMaxPoolASecondOutput_isInvalid() {
      // The issue's edit: the length of the pool's outputs vector, 1 → 2, in the flatbuffer itself.
      byte[] bytes = TestModels.convStack(8, 8, 2, 3L).model().bytes();
      Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
      Operator pool = model.subgraphs(0).operators(1);
      int lengthField = pool.outputsAsByteBuffer().position() - Integer.BYTES;
      assertThat(bytes[lengthField], is((byte) 1));
      bytes[lengthField] = 2;

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("one_byte", bytes));

      assertThat(
          e.getMessage(),
          containsString(
              "operator 1 (MAX_POOL_2D) of subgraph 0: its kernel takes 1 output but it has 2"));
    }

    @Test
    void read_maxPoolWithTwoOutputs_namesTheFile() throws IOException {
      Path file = dir.resolve("two_outputs.tflite");
      Files.write(
          file,
          convStackWith(
              subgraph -> {
                OperatorT pool = subgraph.getOperators()[1];
                pool.setOutputs(new int[] {pool.getOutputs()[0], pool.getOutputs()[0]});
              }));

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.read(file));

      assertThat(e.origin(), is(file.toString()));
      assertThat(e.getMessage(), containsString("MAX_POOL_2D"));
    }

    @Test
    void fromBytes_poolPaddingOutOfTheEnum_isInvalid() {
      byte[] bytes =
          convStackWith(
              subgraph ->
                  ((Pool2DOptionsT) subgraph.getOperators()[1].getBuiltinOptions().getValue())
                      .setPadding((byte) 2));

      InvalidModelException e =
          assertThrows(
              InvalidModelException.class, () -> TfliteModel.fromBytes("padding_2", bytes));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("operator 1 (MAX_POOL_2D)"),
              containsString("padding should be SAME (0) or VALID (1) but is 2")));
    }

    @Test
    void fromBytes_operatorReadingWhatALaterOperatorWrites_isInvalid() {
      // The conv stack runs CONV_2D, MAX_POOL_2D, RESHAPE, ...: feed the pool's output back into
      // the conv, a cycle that TFLite aborts on while it prepares the graph.
      byte[] bytes =
          convStackWith(
              subgraph ->
                  subgraph.getOperators()[0].getInputs()[0] =
                      subgraph.getOperators()[1].getOutputs()[0]);

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("cycle", bytes));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("operator 0 (CONV_2D)"),
              containsString("which operator 1 writes"),
              containsString("every tensor must be written before it is read")));
    }

    @Test
    void fromBytes_hybridConvWhoseInputChannelsDoNotMatchItsFilter_isInvalid() {
      // 255 input channels against a one-channel int8 filter: TFLite would take it for 255 groups,
      // which its hybrid kernel cannot run, and abort.
      ModelT schema = TestModels.hybridConv(6, 6, 1, 2, 1L).model().schema();
      for (OperatorT op : schema.getSubgraphs()[0].getOperators()) {
        op.setCustomOptions(null);
      }
      schema.getSubgraphs()[0].getTensors()[0].getShape()[3] = 255;
      byte[] bytes = schema.serializeToBinary();

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("groups", bytes));

      assertThat(
          e.getMessage(),
          allOf(containsString("operator 0 (CONV_2D)"), containsString("255 channel groups")));
    }

    @Test
    void fromBytes_operatorReadingATensorNothingWrites_isInvalid() {
      // Found by TfliteGraphFuzzTest: the subgraph's input moved to another tensor leaves the
      // image tensor read by CONV_2D and written by nothing (TFLite hands it arena memory).
      byte[] bytes = convStackWith(subgraph -> subgraph.setInputs(new int[] {2}));

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("orphan", bytes));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("operator 0 (CONV_2D) of subgraph 0"),
              containsString("input 0 reads tensor 0 ('image'), which nothing writes"),
              containsString("is not an input of the subgraph")));
    }

    @Test
    void fromBytes_convolutionOfZeroInputChannels_isInvalid() {
      // With the image also unwritten, such a CONV_2D aborted TFLite 2.21 (SIGABRT).
      byte[] bytes =
          convStackWith(
              subgraph -> {
                subgraph.getTensors()[0].getShape()[3] = 0;
                subgraph.setInputs(new int[] {2});
              });

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("empty", bytes));

      assertThat(
          e.getMessage(),
          containsString(
              "operator 0 (CONV_2D) of subgraph 0: its input has 0 channels and its filter 1"
                  + " input channels"));
    }

    @Test
    void fromBytes_validConvolutionLargerThanItsInput_isInvalid() {
      // Found by TfliteGraphFuzzTest: a 2-pixel-high image under a 3x3 VALID CONV_2D makes an
      // empty output, on which XNNPACK aborted the process (SIGABRT) at the next pool.
      byte[] bytes = convStackWith(subgraph -> subgraph.getTensors()[0].getShape()[1] = 2);

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("short", bytes));

      assertThat(
          e.getMessage(),
          containsString(
              "operator 0 (CONV_2D) of subgraph 0: its filter height of 3 (dilation included) is"
                  + " larger than its input's 2 with VALID padding, so its output is empty"));
    }

    @Test
    void fromBytes_poolOfZeroWidthInput_isInvalid_aDynamicWidthIsNotChecked() {
      // Tensor 3 is the CONV_2D's output, read by MAX_POOL_2D.
      byte[] empty = convStackWith(subgraph -> subgraph.getTensors()[3].getShape()[2] = 0);
      byte[] dynamic =
          convStackWith(
              subgraph -> {
                TensorT relu = subgraph.getTensors()[3];
                relu.getShape()[2] = 1;
                relu.setShapeSignature(new int[] {-1, 6, -1, 2});
              });

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("thin", empty));

      assertThat(
          e.getMessage(),
          containsString(
              "operator 1 (MAX_POOL_2D) of subgraph 0: its input has width 0, so its output is"
                  + " empty"));
      assertThat(TfliteModel.fromBytes("dynamic", dynamic).name(), is("dynamic"));
    }

    @Test
    void fromBytes_emptyShapeConstantWithoutData_isValidAndRuns() {
      // A RESHAPE to a scalar reads the empty shape [], which a converter stores without data.
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, 1);
      TensorRef shape = b.tensor("scalar_shape", TensorType.INT32, 0);
      TensorRef y = b.tensor("y", TensorType.FLOAT32);
      b.reshape(x, shape, y).output(y);
      TfliteModel model = TfliteModel.fromBytes("to_scalar", b.toBytes());

      try (LoadedModel loaded = InferenceBackend.tflite().load(model);
          Session session = loaded.openSession()) {
        session.setInput(0, new float[] {2.5f});
        session.invoke();
        assertThat(session.output(0)[0], is(2.5f));
      }
    }

    @Test
    void fromBytes_everyProblem_isListedAtOnce() {
      byte[] bytes =
          convStackWith(
              subgraph -> {
                OperatorT conv = subgraph.getOperators()[0];
                conv.setInputs(new int[] {conv.getInputs()[0], -1, conv.getInputs()[2]});
                ((org.tensorflow.lite.schema.Conv2DOptionsT) conv.getBuiltinOptions().getValue())
                    .setFusedActivationFunction((byte) 9);
                ((Pool2DOptionsT) subgraph.getOperators()[1].getBuiltinOptions().getValue())
                    .setStrideW(0);
                OperatorT reshape = subgraph.getOperators()[2];
                reshape.setInputs(new int[] {reshape.getInputs()[0], 999});
                OperatorT logistic = subgraph.getOperators()[4];
                logistic.setInputs(new int[] {logistic.getInputs()[0], logistic.getInputs()[0]});
              });

      InvalidModelException e =
          assertThrows(InvalidModelException.class, () -> TfliteModel.fromBytes("many", bytes));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("operator 0 (CONV_2D) of subgraph 0: input 1 is required"),
              containsString("fused_activation_function should be in [0, 5]"),
              containsString(
                  "operator 1 (MAX_POOL_2D) of subgraph 0: stride_w should be at least 1"),
              containsString(
                  "operator 2 (RESHAPE) of subgraph 0: input 1 should be a tensor index"),
              containsString(
                  "operator 4 (LOGISTIC) of subgraph 0: its kernel takes 1 input but it has 2")));
    }

    @Test
    void fromBytes_optionalBiasOmitted_isValidAndRuns() {
      // -1 is allowed where TFLite allows an optional input: the bias of FULLY_CONNECTED.
      byte[] bytes =
          convStackWith(
              subgraph -> {
                OperatorT dense = subgraph.getOperators()[3];
                dense.setInputs(new int[] {dense.getInputs()[0], dense.getInputs()[1], -1});
              });

      TfliteModel model = TfliteModel.fromBytes("no_bias", bytes);

      try (LoadedModel loaded = InferenceBackend.tflite().load(model);
          Session session = loaded.openSession()) {
        session.setInput(0, new float[64]);
        session.invoke();
        assertThat(session.output(0).length, is(1));
      }
    }

    @Test
    void fromBytes_unknownCustomOp_isNotChecked() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, 1, 2);
      TensorRef y = b.tensor("y", TensorType.FLOAT32, 1, 2);
      TensorRef z = b.tensor("z", TensorType.FLOAT32, 1, 2);
      b.customOperator("MyOp", 1, List.of(x, TfliteModelBuilder.OMITTED), List.of(y, z)).output(y);

      ModelInfo info = b.build("custom").inspect();

      assertThat(info.operators().get(0).custom(), is(true));
      assertThat(info.operators().get(0).inputs(), contains(0, -1));
    }
  }

  @Nested
  @DisplayName("warnings inspection shows")
  class Warnings {

    @Test
    void inspect_convWithAScaleZeroChannel_warnsItRunsSlower() {
      ModelInfo info = TestModels.hybridConv(8, 8, 2, 4, 31L).model().inspect();

      assertThat(info.warnings(), hasSize(1));
      ValidationIssue warning = info.warnings().get(0);
      assertThat(warning.severity(), is(Severity.WARNING));
      assertThat(
          warning.toString(),
          allOf(
              containsString("'conv/filter'"),
              containsString("1 of 4 per-channel scales are 0 (channel 1)"),
              containsString("slower")));
    }

    @Test
    void inspect_fullyConnectedWithAScaleZeroChannel_warnsXnnpackRefusesIt() {
      TfliteModelBuilder b = new TfliteModelBuilder();
      TensorRef x = b.input("x", TensorType.FLOAT32, -1, 2);
      TensorRef w =
          b.quantizedConstant(
              "dense/kernel",
              TensorType.INT8,
              new byte[] {0, 0, 127, -5},
              new QuantizationInfo(List.of(0f, 0.01f), List.of(0L, 0L), 0, List.of(), List.of()),
              2,
              2);
      TensorRef bias = b.constant("dense/bias", new float[] {0, 0}, 2);
      TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 2);
      b.fullyConnected(x, w, bias, y, Activation.NONE, true).output(y);

      ModelInfo info = b.build("fc_scale_zero").inspect();

      assertThat(info.warnings(), hasSize(1));
      assertThat(
          info.warnings().get(0).toString(),
          allOf(
              containsString("'dense/kernel'"),
              containsString("XNNPACK refuses them in FULLY_CONNECTED")));
    }

    @Test
    void inspect_quantizedDimensionOutOfRange_warnsTheRuntimeRefusesIt() {
      TfliteModel model =
          TfliteModel.fromBytes(
              "bad_dimension",
              convStackWith(
                  subgraph -> {
                    TensorT filter =
                        subgraph.getTensors()[subgraph.getOperators()[0].getInputs()[1]];
                    QuantizationParametersT q = new QuantizationParametersT();
                    q.setScale(new float[] {0.1f});
                    q.setZeroPoint(new long[] {0});
                    q.setQuantizedDimension(4);
                    filter.setQuantization(q);
                  }));

      List<ValidationIssue> warnings = model.inspect().warnings();

      assertThat(warnings, hasSize(1));
      assertThat(
          warnings.get(0).toString(),
          allOf(
              containsString("'conv/filter'"),
              containsString(
                  "quantized_dimension should be in [0, 4) for a tensor of rank 4 but is 4")));
    }

    @Test
    void inspect_cleanModel_hasNoWarnings() {
      assertThat(TestModels.convStack(8, 8, 2, 3L).model().inspect().warnings(), is(empty()));
    }
  }
}
