package io.github.modelbudget.optimizer.quantize;

/** Why a constant tensor was left as it was. */
public enum SkipReason {

  /** A float weight of a hybrid-capable operator with fewer elements than the threshold. */
  TOO_SMALL("fewer elements than the quantization threshold"),

  /** A float constant that no operator with a hybrid kernel reads as its weights (e.g. a bias). */
  NOT_A_HYBRID_WEIGHT("not the weights of an operator with a hybrid kernel"),

  /**
   * A constant that already holds quantized or reduced-precision values (int8, uint8, float16…).
   */
  ALREADY_QUANTIZED("already quantized"),

  /** A constant of another type, such as an {@code INT32} shape. */
  NOT_FLOAT32("not FLOAT32"),

  /** A weight stored in TFLite's sparse format, which hybrid kernels do not read as int8. */
  SPARSE("stored in a sparse format"),

  /** A weight picked by the keep-float pattern. */
  KEPT_FLOAT("kept float by the keep-float pattern"),

  /** A constant that is also an output of the graph, whose type the graph's callers rely on. */
  GRAPH_OUTPUT("an output of the graph");

  private final String description;

  SkipReason(String description) {
    this.description = description;
  }

  /**
   * Returns the reason in words, for reports.
   *
   * @return e.g. {@code "already quantized"}
   */
  public String description() {
    return description;
  }
}
