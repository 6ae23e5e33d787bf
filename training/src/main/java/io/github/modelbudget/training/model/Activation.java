package io.github.modelbudget.training.model;

/** The activation a layer applies to its output, as Keras names them. */
public enum Activation {
  /** The identity. */
  NONE,
  /** {@code max(x, 0)}; TFLite fuses it into the layer's operator. */
  RELU,
  /** The logistic function; a separate {@code LOGISTIC} operator in TFLite. */
  SIGMOID,
  /** Softmax over the last dimension; a separate {@code SOFTMAX} operator in TFLite. */
  SOFTMAX
}
