package io.github.modelbudget.harness.format;

import org.tensorflow.lite.schema.ActivationFunctionType;

/** An activation fused into the operator before it, as in the TFLite schema. */
public enum Activation {
  NONE(ActivationFunctionType.NONE),
  RELU(ActivationFunctionType.RELU),
  RELU_N1_TO_1(ActivationFunctionType.RELU_N1_TO_1),
  RELU6(ActivationFunctionType.RELU6),
  TANH(ActivationFunctionType.TANH);

  private final byte code;

  Activation(byte code) {
    this.code = code;
  }

  byte code() {
    return code;
  }
}
