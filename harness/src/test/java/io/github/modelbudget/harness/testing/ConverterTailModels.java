package io.github.modelbudget.harness.testing;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Models with the structure of real converter output that hand-built dense graphs lack: a Keras
 * {@code LSTM} (variable state tensors, a fixed batch of 1), a full-integer model's uint8 softmax
 * tail, and a model whose batch is fixed.
 */
public final class ConverterTailModels {

  private ConverterTailModels() {}

  /**
   * A Keras {@code LSTM(units)} → {@code Dense(classes, softmax)} classifier over sequences of
   * {@code [time, features]}, converted as TF does: input {@code [1, time, features]} without a
   * dynamic batch, {@code UNIDIRECTIONAL_SEQUENCE_LSTM} with variable output and cell state, a
   * {@code STRIDED_SLICE} taking the last time step, {@code FULLY_CONNECTED}, {@code SOFTMAX}.
   */
  public static TfliteModel lstmClassifier(
      String name, int time, int features, int units, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    TfliteModelBuilder b = new TfliteModelBuilder().description("MLIR Converted.");
    TensorRef x = b.input("serving_default_input:0", TensorType.FLOAT32, 1, time, features);
    List<TensorRef> inputWeights = new ArrayList<>();
    List<TensorRef> recurrentWeights = new ArrayList<>();
    List<TensorRef> biases = new ArrayList<>();
    for (String gate : List.of("input", "forget", "cell", "output")) {
      inputWeights.add(
          b.constant(
              "lstm/" + gate + "_kernel",
              TestModels.gaussian(random, units * features, 0.8),
              units,
              features));
      recurrentWeights.add(
          b.constant(
              "lstm/" + gate + "_recurrent_kernel",
              TestModels.gaussian(random, units * units, 0.8),
              units,
              units));
      float[] bias = new float[units];
      if (gate.equals("forget")) {
        java.util.Arrays.fill(bias, 1f); // Keras' unit_forget_bias
      }
      biases.add(b.constant("lstm/" + gate + "_bias", bias, units));
    }
    TensorRef outputState = b.variable("lstm/output_state", TensorType.FLOAT32, 1, units);
    TensorRef cellState = b.variable("lstm/cell_state", TensorType.FLOAT32, 1, units);
    TensorRef sequence = b.tensor("lstm/sequence", TensorType.FLOAT32, 1, time, units);
    TensorRef last = b.tensor("lstm/last", TensorType.FLOAT32, 1, units);
    TensorRef w =
        b.constant(
            "dense/kernel", TestModels.gaussian(random, classes * units, 1.5), classes, units);
    TensorRef bias = b.constant("dense/bias", new float[classes], classes);
    TensorRef logits = b.tensor("dense/logits", TensorType.FLOAT32, 1, classes);
    TensorRef p = b.tensor("StatefulPartitionedCall:0", TensorType.FLOAT32, 1, classes);
    b.unidirectionalSequenceLstm(
            x, inputWeights, recurrentWeights, biases, outputState, cellState, sequence)
        .stridedSlice(
            sequence,
            new int[] {0, -1, 0},
            new int[] {0, 0, 0},
            new int[] {1, 1, 1},
            0b101,
            0b101,
            0b010,
            last)
        .fullyConnected(last, w, bias, logits, Activation.NONE)
        .softmax(logits, p, 1f)
        .output(p);
    b.metadata("min_runtime_version", TfliteModelBuilder.minRuntimeVersion("1.14.0"));
    return b.build(name);
  }

  /**
   * A {@code classes}-way classifier with logits {@code gain · x} (identity weights) whose tail is
   * a full-integer converter's with a uint8 output: the float logits are quantized to int8, an int8
   * {@code SOFTMAX} (output scale 1/256, zero point -128) and a {@code QUANTIZE} to a {@code UINT8}
   * output (scale 1/256, zero point 0). Its outputs are probabilities off by up to 1/256 each.
   */
  public static TfliteModel uint8Softmax(String name, int classes, float gain) {
    float[] weights = new float[classes * classes];
    for (int c = 0; c < classes; c++) {
      weights[c * classes + c] = gain;
    }
    TfliteModelBuilder b = new TfliteModelBuilder().description("MLIR Converted.");
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, classes);
    TensorRef w = b.constant("dense/kernel", weights, classes, classes);
    TensorRef bias = b.constant("dense/bias", new float[classes], classes);
    TensorRef logits = b.tensor("dense/logits", TensorType.FLOAT32, -1, classes);
    TensorRef q =
        b.quantizedTensor(
            "dense/logits_int8",
            TensorType.INT8,
            QuantizationInfo.perTensor(0.0625f, -64),
            -1,
            classes);
    TensorRef softmax =
        b.quantizedTensor(
            "softmax_int8",
            TensorType.INT8,
            QuantizationInfo.perTensor(1 / 256f, -128),
            -1,
            classes);
    TensorRef out =
        b.quantizedTensor(
            "Identity_uint8",
            TensorType.UINT8,
            QuantizationInfo.perTensor(1 / 256f, 0),
            -1,
            classes);
    b.fullyConnected(x, w, bias, logits, Activation.NONE)
        .quantize(logits, q)
        .softmax(q, softmax, 1f)
        .quantize(softmax, out)
        .output(out);
    return b.build(name);
  }

  /**
   * A {@code classes}-way classifier with logits {@code gain · x} (identity weights) and a softmax,
   * whose input is {@code [batch, classes]} with no dynamic dimension: like many converted
   * MobileNets it records no shape signature, and its {@code RESHAPE} to a constant {@code [batch,
   * classes]} makes it run only at its own batch.
   */
  public static TfliteModel fixedBatchSoftmax(String name, int batch, int classes, float gain) {
    float[] weights = new float[classes * classes];
    for (int c = 0; c < classes; c++) {
      weights[c * classes + c] = gain;
    }
    TfliteModelBuilder b = new TfliteModelBuilder().description("MLIR Converted.");
    TensorRef x = b.input("x", TensorType.FLOAT32, batch, classes);
    TensorRef w = b.constant("dense/kernel", weights, classes, classes);
    TensorRef bias = b.constant("dense/bias", new float[classes], classes);
    TensorRef logits = b.tensor("dense/logits", TensorType.FLOAT32, batch, classes);
    TensorRef shape = b.constantInt32("reshape/shape", new int[] {batch, classes}, 2);
    TensorRef reshaped = b.tensor("reshape", TensorType.FLOAT32, batch, classes);
    TensorRef p = b.tensor("probabilities", TensorType.FLOAT32, batch, classes);
    b.fullyConnected(x, w, bias, logits, Activation.NONE)
        .reshape(logits, shape, reshaped)
        .softmax(reshaped, p, 1f)
        .output(p);
    return b.build(name);
  }
}
