package io.github.modelbudget.harness.format;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptionsT;

/** Which constants count as parameters: live weights and biases of every op, float or quantized. */
class ParameterCountTest {

  private static final int STEPS = 5;
  private static final int FEATURES = 3;
  private static final int UNITS = 4;
  private static final int CLASSES = 2;

  // 4 gates × (input weights + recurrent weights + bias), then a dense layer.
  private static final long LSTM_PARAMETERS =
      4L * (UNITS * FEATURES + UNITS * UNITS + UNITS) + (long) CLASSES * UNITS + CLASSES;

  /**
   * An LSTM classifier as the converter writes it: UNIDIRECTIONAL_SEQUENCE_LSTM with 24 inputs (no
   * peepholes, no projection, no layer norm: those are omitted, -1), its output and cell state as
   * variable tensors, then a FULLY_CONNECTED on the last step's output. Quantized, the weights are
   * INT8 and the gate and dense biases INT32, as in TFLite's full-integer LSTM.
   */
  private static TfliteModel lstmClassifier(boolean quantized) {
    SplittableRandom random = new SplittableRandom(14L);
    TfliteModelBuilder b = new TfliteModelBuilder();
    QuantizationInfo activations = QuantizationInfo.perTensor(0.02f, 0);
    TensorRef x =
        quantized
            ? b.quantizedInput("x", TensorType.INT8, activations, 1, STEPS, FEATURES)
            : b.input("x", TensorType.FLOAT32, 1, STEPS, FEATURES);
    List<TensorRef> inputs = new ArrayList<>();
    inputs.add(x);
    String[] gates = {"input", "forget", "cell", "output"};
    for (String gate : gates) {
      inputs.add(weights(b, random, "lstm/input_to_" + gate, quantized, UNITS, FEATURES));
    }
    for (String gate : gates) {
      inputs.add(weights(b, random, "lstm/recurrent_to_" + gate, quantized, UNITS, UNITS));
    }
    inputs.addAll(
        List.of(
            TfliteModelBuilder.OMITTED, TfliteModelBuilder.OMITTED, TfliteModelBuilder.OMITTED));
    for (String gate : gates) {
      inputs.add(bias(b, "lstm/" + gate + "_gate_bias", quantized, UNITS));
    }
    inputs.addAll(List.of(TfliteModelBuilder.OMITTED, TfliteModelBuilder.OMITTED));
    inputs.add(
        quantized
            ? b.variable("lstm/output_state", TensorType.INT8, activations, 1, UNITS)
            : b.variable("lstm/output_state", TensorType.FLOAT32, null, 1, UNITS));
    inputs.add(
        quantized
            ? b.variable(
                "lstm/cell_state",
                TensorType.INT16,
                QuantizationInfo.perTensor(1f / 2048, 0),
                1,
                UNITS)
            : b.variable("lstm/cell_state", TensorType.FLOAT32, null, 1, UNITS));
    for (int i = 0; i < 4; i++) {
      inputs.add(TfliteModelBuilder.OMITTED);
    }
    TensorRef sequence =
        quantized
            ? b.quantizedTensor("lstm/output", TensorType.INT8, activations, 1, UNITS)
            : b.tensor("lstm/output", TensorType.FLOAT32, 1, UNITS);
    UnidirectionalSequenceLSTMOptionsT options = new UnidirectionalSequenceLSTMOptionsT();
    options.setFusedActivationFunction(org.tensorflow.lite.schema.ActivationFunctionType.TANH);
    options.setTimeMajor(false);
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(BuiltinOptions.UnidirectionalSequenceLSTMOptions);
    union.setValue(options);
    b.operator(
        BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        quantized ? 3 : 1,
        union,
        inputs,
        List.of(sequence));
    TensorRef kernel = weights(b, random, "dense/kernel", quantized, CLASSES, UNITS);
    TensorRef denseBias = bias(b, "dense/bias", quantized, CLASSES);
    TensorRef logits =
        quantized
            ? b.quantizedTensor("logits", TensorType.INT8, activations, 1, CLASSES)
            : b.tensor("logits", TensorType.FLOAT32, 1, CLASSES);
    b.fullyConnected(sequence, kernel, denseBias, logits, Activation.NONE).output(logits);
    return b.build(quantized ? "lstm_int8" : "lstm_float");
  }

  private static TensorRef weights(
      TfliteModelBuilder b,
      SplittableRandom random,
      String name,
      boolean quantized,
      int rows,
      int columns) {
    int n = rows * columns;
    if (!quantized) {
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] = (float) random.nextGaussian();
      }
      return b.constant(name, values, rows, columns);
    }
    byte[] values = new byte[n];
    for (int i = 0; i < n; i++) {
      values[i] = (byte) (random.nextInt(255) - 127);
    }
    return b.quantizedConstant(
        name, TensorType.INT8, values, QuantizationInfo.perTensor(0.01f, 0), rows, columns);
  }

  private static TensorRef bias(TfliteModelBuilder b, String name, boolean quantized, int n) {
    int[] ints = new int[n];
    float[] floats = new float[n];
    for (int i = 0; i < n; i++) {
      ints[i] = 100 * (i + 1);
      floats[i] = 0.1f * (i + 1);
    }
    return quantized ? b.constantInt32(name, ints, n) : b.constant(name, floats, n);
  }

  @Test
  void parameterCount_int8LstmWithInt32Biases_equalsTheFloatModels() {
    ModelInfo quantized = lstmClassifier(true).inspect();
    ModelInfo floating = lstmClassifier(false).inspect();

    assertThat(floating.parameterCount(), is(LSTM_PARAMETERS));
    assertThat("INT32 gate biases count", quantized.parameterCount(), is(LSTM_PARAMETERS));
    assertThat(
        quantized.constants().stream()
            .filter(c -> c.type() == TensorType.INT32)
            .filter(ConstantTensorInfo::parameter)
            .map(ConstantTensorInfo::name)
            .toList(),
        containsInAnyOrder(
            "lstm/input_gate_bias",
            "lstm/forget_gate_bias",
            "lstm/cell_gate_bias",
            "lstm/output_gate_bias",
            "dense/bias"));
  }

  @Test
  void inspect_lstm_showsItsStateTensorsAsVariables() {
    ModelInfo info = lstmClassifier(true).inspect();

    assertThat(
        info.variableTensors().stream().map(t -> t.name() + " " + t.type()).toList(),
        contains("lstm/output_state INT8", "lstm/cell_state INT16"));
    assertThat(info.variableTensors().get(0).variable(), is(true));
    assertThat(info.operators().get(0).options().get("fused_activation_function"), is("TANH"));
    assertThat(info.operators().get(0).options().get("time_major"), is("false"));
  }

  @Test
  void parameterCount_deadConstants_areListedButNotCounted() {
    // A quantization-aware-training export keeps the float kernel nobody reads any more, and a
    // dequantized copy of it that feeds nothing an output depends on.
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    TensorRef kernel =
        b.quantizedConstant(
            "dense/kernel/int8",
            TensorType.INT8,
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
            QuantizationInfo.perTensor(0.1f, 0),
            2,
            4);
    b.constant(
        "dense/kernel/float", new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f}, 2, 4);
    TensorRef deadInt8 =
        b.quantizedConstant(
            "dense/kernel/int8_copy",
            TensorType.INT8,
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
            QuantizationInfo.perTensor(0.1f, 0),
            2,
            4);
    TensorRef deadFloat = b.tensor("dense/kernel/dequantized_copy", TensorType.FLOAT32, 2, 4);
    TensorRef bias = b.constant("dense/bias", new float[] {0.5f, -0.5f}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 2);
    b.dequantize(deadInt8, deadFloat)
        .fullyConnected(x, kernel, bias, y, Activation.NONE, true)
        .output(y);

    ModelInfo info = b.build("qat_with_dead_copies").inspect();

    assertThat(info.parameterCount(), is(8L + 2L));
    assertThat(
        info.constants().stream().filter(c -> !c.live()).map(ConstantTensorInfo::name).toList(),
        containsInAnyOrder("dense/kernel/float", "dense/kernel/int8_copy"));
    assertThat(
        info.constants().stream()
            .filter(ConstantTensorInfo::parameter)
            .map(ConstantTensorInfo::name)
            .toList(),
        containsInAnyOrder("dense/kernel/int8", "dense/bias"));
    assertThat(
        Arrays.asList(info.operators().get(1).options().get("asymmetric_quantize_inputs")),
        contains("true"));
  }
}
