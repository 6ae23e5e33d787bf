package io.github.modelbudget.harness.format;

/** The padding of convolutions and pools, as in the TFLite schema. */
public enum Padding {
  /** Pads so that the output has {@code ceil(input / stride)} positions. */
  SAME(org.tensorflow.lite.schema.Padding.SAME),
  /** No padding: the window stays inside the input. */
  VALID(org.tensorflow.lite.schema.Padding.VALID);

  private final byte code;

  Padding(byte code) {
    this.code = code;
  }

  byte code() {
    return code;
  }
}
