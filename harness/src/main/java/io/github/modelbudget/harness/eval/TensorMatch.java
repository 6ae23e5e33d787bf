package io.github.modelbudget.harness.eval;

/** How a variant's tensor was paired with the baseline's in a per-layer comparison. */
public enum TensorMatch {
  /** The two tensors have the same name. */
  NAME,
  /**
   * The tensors differ in name but are the same output of the same operator, counted without the
   * {@code QUANTIZE}, {@code DEQUANTIZE} and {@code DENSIFY} operators a converter inserts.
   */
  POSITION
}
