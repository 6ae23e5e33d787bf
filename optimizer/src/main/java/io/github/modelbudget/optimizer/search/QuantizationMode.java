package io.github.modelbudget.optimizer.search;

/** How a search candidate stores its weights (and, for {@link #INT8}, its activations). */
public enum QuantizationMode {
  /** Float32, as the baseline: only pruned candidates use it. */
  NONE,
  /** Dynamic-range int8 weights, TF 2.21's scheme. */
  DYNAMIC,
  /** Float16 weights. */
  FLOAT16,
  /** Full integer with float inputs and outputs, calibrated; needs calibration data. */
  INT8
}
