package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.Padding;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * {@code inspect} on converter-made structure, and models whose graph the runtime would crash on.
 */
class InspectCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
  }

  /** CONVERSION_METADATA as the converter writes it (conversion_metadata.fbs). */
  private static byte[] conversionMetadata(String tfVersion, int... modes) {
    FlatBufferBuilder fbb = new FlatBufferBuilder(128);
    int version = fbb.createString(tfVersion);
    fbb.startTable(3);
    fbb.addOffset(0, version, 0);
    fbb.addInt(1, 2, 0);
    fbb.addInt(2, 2, 0);
    int environment = fbb.endTable();
    fbb.startVector(4, modes.length, 4);
    for (int i = modes.length - 1; i >= 0; i--) {
      fbb.addInt(modes[i]);
    }
    int modeVector = fbb.endVector();
    fbb.startTable(5);
    fbb.addOffset(0, modeVector, 0);
    int options = fbb.endTable();
    fbb.startTable(2);
    fbb.addOffset(0, environment, 0);
    fbb.addOffset(1, options, 0);
    fbb.finish(fbb.endTable());
    return fbb.sizedByteArray();
  }

  /**
   * A TF 2.21-style hybrid model: metadata, a fixed batch, a per-channel CONV_2D and
   * FULLY_CONNECTED each with an all-zero (scale 0) channel, a custom op reading a variable (state)
   * tensor, and a tensor whose quantized_dimension exceeds its rank.
   */
  private Path richModel() throws IOException {
    TfliteModelBuilder b = new TfliteModelBuilder();
    b.metadata("min_runtime_version", Arrays.copyOf("2.17.0".getBytes(), 16));
    b.metadata("CONVERSION_METADATA", conversionMetadata("2.21.0", 1002));
    TensorRef x = b.input("image", TensorType.FLOAT32, 1, 4, 4, 1);
    byte[] filter = new byte[2 * 9];
    for (int i = 9; i < 18; i++) {
      filter[i] = (byte) (i * 7 - 60);
    }
    TensorRef f =
        b.quantizedConstant(
            "conv/filter",
            TensorType.INT8,
            filter,
            new QuantizationInfo(List.of(0f, 0.01f), List.of(0L, 0L), 0, List.of(), List.of()),
            2,
            3,
            3,
            1);
    TensorRef fb = b.constant("conv/bias", new float[] {0, 0.1f}, 2);
    TensorRef conv = b.tensor("conv", TensorType.FLOAT32, 1, 4, 4, 2);
    TensorRef shape = b.constantInt32("flatten/shape", new int[] {1, 32}, 2);
    TensorRef flat = b.tensor("flatten", TensorType.FLOAT32, 1, 32);
    byte[] kernel = new byte[2 * 32];
    for (int i = 32; i < 64; i++) {
      kernel[i] = (byte) (i - 40);
    }
    TensorRef w =
        b.quantizedConstant(
            "dense/kernel",
            TensorType.INT8,
            kernel,
            new QuantizationInfo(List.of(0.02f, 0f), List.of(0L, 0L), 0, List.of(), List.of()),
            2,
            32);
    TensorRef wb = b.constant("dense/bias", new float[] {0.5f, 0}, 2);
    TensorRef logits = b.tensor("logits", TensorType.FLOAT32, 1, 2);
    TensorRef state = b.variable("memory/state", TensorType.FLOAT32, null, 1, 2);
    TensorRef remembered = b.tensor("memory/out", TensorType.FLOAT32, 1, 2);
    b.conv2d(x, f, fb, conv, Padding.SAME, 1, Activation.RELU)
        .reshape(conv, shape, flat)
        .fullyConnected(flat, w, wb, logits, Activation.NONE, true)
        .customOperator("Remember", 1, List.of(logits, state), List.of(remembered))
        .output(remembered);
    ModelT schema = b.build("rich").schema();
    SubGraphT subgraph = schema.getSubgraphs()[0];
    QuantizationParametersT q = new QuantizationParametersT();
    q.setScale(new float[] {0.1f});
    q.setZeroPoint(new long[] {0});
    q.setQuantizedDimension(3);
    subgraph.getTensors()[remembered.index()].setQuantization(q);
    Path file = dir.resolve("rich.tflite");
    Files.write(file, schema.serializeToBinary());
    return file;
  }

  @Test
  void inspect_converterStyleModel_showsMetadataOptionsStateBatchCustomOpsAndWarnings()
      throws IOException {
    int code = run("inspect", richModel().toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    String text = out.toString();
    assertThat(
        text,
        allOf(
            containsString("runtime     min_runtime_version 2.17.0"),
            containsString("converted   TF 2.21.0, KERAS_MODEL, PTQ_DYNAMIC_RANGE"),
            containsString("batch       fixed"),
            containsString("variable    memory/state FLOAT32 [1, 2] (variable)"),
            containsString("#0 CONV_2D v5 padding=SAME stride=1x1 fused_activation_function=RELU"),
            containsString("#2 FULLY_CONNECTED v12 asymmetric_quantize_inputs=true"),
            containsString("#3 Remember v1 (custom)")));
    assertThat(
        text,
        allOf(
            containsString(
                "warning     tensor 1 ('conv/filter') of subgraph 0: 1 of 2 per-channel scales are"
                    + " 0 (channel 0); XNNPACK runs a convolution with them markedly slower"),
            containsString(
                "warning     tensor 6 ('dense/kernel') of subgraph 0: 1 of 2 per-channel scales"
                    + " are 0 (channel 1); XNNPACK refuses them in FULLY_CONNECTED"),
            containsString(
                "('memory/out') of subgraph 0: quantized_dimension should be in [0, 2) for a"
                    + " tensor of rank 2 but is 3")));
  }

  @Test
  void inspect_dynamicBatchSparseModel_showsSparsityThroughTheMetadataAndTheStorage()
      throws IOException {
    SplittableRandom random = new SplittableRandom(68L);
    float[] kernel = new float[4 * 25];
    int zeros = 0;
    for (int i = 0; i < kernel.length; i++) {
      if (i % 25 < 17) {
        zeros++;
      } else {
        kernel[i] = (float) random.nextGaussian() + 3f;
      }
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 25);
    TensorRef sparse = b.sparseConstant("dense/kernel", kernel, 4, 25);
    TensorRef dense = b.tensor("dense/kernel/densified", TensorType.FLOAT32, 4, 25);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 4);
    b.densify(sparse, dense)
        .operator(
            BuiltinOperator.FULLY_CONNECTED,
            1,
            null,
            List.of(x, dense, TfliteModelBuilder.OMITTED),
            List.of(y))
        .output(y);
    Path file = dir.resolve("sparse.tflite");
    b.build("sparse").save(file);

    int code = run("inspect", file.toString());

    assertThat(err.toString(), code, is(ExitCode.OK));
    assertThat(zeros, is(68));
    assertThat(
        out.toString(),
        allOf(
            containsString("batch       dynamic"),
            containsString("parameters  100 (32 nonzero, sparsity 68.0%)"),
            containsString(
                "stored      dense/kernel [4, 25]: sparse (DENSE, SPARSE_CSR; 32 values"
                    + " stored)")));
  }

  /**
   * The seed CNN with one byte changed, as in issue 18: the length of its first MAX_POOL_2D's
   * {@code outputs} vector, 1 → 2, so the pool gains the index stored after its output as a second
   * output. TFLite's verifier accepts the file; before the graph check, loading it SIGSEGVed in
   * XNNPACK's graph partitioning ({@code PartitionGraphIntoIndependentNodeSubsets}).
   */
  private Path seedWithTwoOutputPool() throws IOException {
    byte[] bytes = SeedArchitecture.untrained(7L).bytes();
    Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    SubGraph subgraph = model.subgraphs(0);
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      OperatorCode code = model.operatorCodes((int) op.opcodeIndex());
      if (Math.max(code.builtinCode(), code.deprecatedBuiltinCode())
          == BuiltinOperator.MAX_POOL_2D) {
        int lengthField = op.outputsAsByteBuffer().position() - Integer.BYTES;
        assertThat(bytes[lengthField], is((byte) 1));
        bytes[lengthField] = 2;
        break;
      }
    }
    Path file = dir.resolve("two_outputs.tflite");
    Files.write(file, bytes);
    return file;
  }

  @Test
  void inspect_maxPoolWithTwoOutputs_exits3NamingTheOp() throws IOException {
    Path file = seedWithTwoOutputPool();

    int code = run("inspect", file.toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(),
        allOf(
            containsString(file.toString()),
            containsString("(MAX_POOL_2D) of subgraph 0: its kernel takes 1 output but it has 2")));
  }

  @Test
  void evaluate_maxPoolWithTwoOutputs_exits3InsteadOfCrashing() throws IOException {
    // Without the graph check this SIGSEGVs inside XNNPACK and takes the JVM (and this test) down
    // (exit 134, seen with the code before the check).
    Fixtures fx = Fixtures.create(dir.resolve("fixtures"), 4);
    Path file = seedWithTwoOutputPool();

    int code = run("evaluate", "--quiet", "--data", fx.data.toString(), file.toString());

    assertThat(code, is(ExitCode.INVALID_INPUT));
    assertThat(
        err.toString(), allOf(containsString(file.toString()), containsString("MAX_POOL_2D")));
    assertThat(out.toString(), not(containsString("accuracy")));
    // The valid baseline next to it still evaluates.
    assertThat(
        run("evaluate", "--quiet", "--data", fx.data.toString(), fx.baseline.toString()),
        is(ExitCode.OK));
    assertThat(TfliteModel.read(fx.baseline).inspect().warnings().isEmpty(), is(true));
  }
}
