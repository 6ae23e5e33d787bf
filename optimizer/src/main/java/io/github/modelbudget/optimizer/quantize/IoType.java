package io.github.modelbudget.optimizer.quantize;

/** The type of a fully quantized model's inputs and outputs. */
public enum IoType {
  /** Float inputs and outputs: the model quantizes its input and dequantizes its output. */
  FLOAT32,
  /** Int8 inputs and outputs with the calibrated scale and zero point. */
  INT8,
  /** Uint8 inputs and outputs: the int8 parameters with the zero point raised by 128. */
  UINT8
}
