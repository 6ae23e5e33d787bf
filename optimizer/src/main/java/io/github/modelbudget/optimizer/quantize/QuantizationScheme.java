package io.github.modelbudget.optimizer.quantize;

/**
 * Which generation of TFLite's converter to reproduce, named by its TensorFlow version. All
 * quantize symmetrically to int8 in [-127, 127] with zero point 0 and {@code scale = max|w| / 127};
 * they differ in which weights get one scale per channel, in the operator versions and options they
 * write, in whether the weights' min/max are stored, and in the metadata they update. The
 * differences change outputs: each runtime kernel quantizes its float input differently.
 *
 * <table>
 *   <caption>What each generation writes</caption>
 *   <tr><th>scheme</th><th>{@code FULLY_CONNECTED}</th><th>{@code CONV_2D}</th>
 *       <th>min/max</th><th>metadata</th></tr>
 *   <tr><td>{@link #TF_2_21}</td><td>per channel (dim 0), v12, asymmetric inputs</td>
 *       <td>per channel, v5</td><td>no</td>
 *       <td>{@code min_runtime_version} raised, {@code CONVERSION_METADATA}</td></tr>
 *   <tr><td>{@link #TF_2_8}</td><td>per tensor, v9, asymmetric inputs</td>
 *       <td>per channel, v5</td><td>per channel</td><td>unchanged</td></tr>
 *   <tr><td>{@link #TF_2_4}</td><td>per tensor, v3, symmetric inputs</td>
 *       <td>per tensor, v2</td><td>no</td><td>unchanged</td></tr>
 * </table>
 */
public enum QuantizationScheme {

  /**
   * Today's converter (TF 2.21, MLIR quantizer): {@code CONV_2D} per channel on dimension 0 (v5),
   * {@code DEPTHWISE_CONV_2D} per channel on dimension 3 (v6), {@code FULLY_CONNECTED} per channel
   * on dimension 0 (v12, {@code asymmetric_quantize_inputs = true}); only the operators that read
   * int8 weights get the new versions; no min/max; {@code min_runtime_version} raised to what the
   * new versions need (2.17.0 for {@code FULLY_CONNECTED} v12) and {@code PTQ_DYNAMIC_RANGE}
   * recorded in {@code CONVERSION_METADATA}.
   */
  TF_2_21("2.21"),

  /**
   * The converter of TF ≈ 2.8, which made the seed experiment's files (the legacy weight quantizer
   * with its updated hybrid scheme): convolutions per channel with each channel's min/max stored
   * (an all-zero channel: scale 0, min = max = -0.0), {@code FULLY_CONNECTED} per tensor without
   * min/max and {@code asymmetric_quantize_inputs = true}. Every operator code of {@code CONV_2D}
   * becomes v5, of {@code DEPTHWISE_CONV_2D} v6 and of {@code FULLY_CONNECTED} v9, also those whose
   * weights stayed float; a {@code DEQUANTIZE} (v2) goes right before its first reader. Metadata is
   * left as it was.
   */
  TF_2_8("2.8"),

  /**
   * The converter of early 2021 (TF ≈ 2.4, the legacy hybrid scheme): every weight per tensor
   * without min/max; every {@code CONV_2D} code becomes v2 and every {@code FULLY_CONNECTED} code
   * v3 with {@code asymmetric_quantize_inputs = false}; {@code DEPTHWISE_CONV_2D} had no hybrid
   * kernel then, so its weights are read through a {@code DEQUANTIZE} (v2) placed right before it.
   * Metadata is left as it was.
   */
  TF_2_4("2.4");

  private final String converterVersion;

  QuantizationScheme(String converterVersion) {
    this.converterVersion = converterVersion;
  }

  /**
   * Returns the TensorFlow version of the converter this scheme reproduces.
   *
   * @return e.g. {@code "2.21"}
   */
  public String converterVersion() {
    return converterVersion;
  }

  /** Tells whether an operator reads int8 weights directly (else through a DEQUANTIZE). */
  boolean hybrid(HybridKernel kernel) {
    return this != TF_2_4 || kernel != HybridKernel.DEPTHWISE_CONV_2D;
  }

  /** Tells whether an operator's weights get one scale per channel. */
  boolean perChannel(HybridKernel kernel) {
    return switch (this) {
      case TF_2_21 -> true;
      case TF_2_8 -> kernel != HybridKernel.FULLY_CONNECTED;
      case TF_2_4 -> false;
    };
  }

  /** The version of a hybrid operator, or 0 for an operator that keeps its version. */
  int hybridVersion(HybridKernel kernel) {
    return switch (kernel) {
      case CONV_2D -> this == TF_2_4 ? 2 : 5;
      case DEPTHWISE_CONV_2D -> this == TF_2_4 ? 0 : 6;
      case FULLY_CONNECTED ->
          switch (this) {
            case TF_2_21 -> 12;
            case TF_2_8 -> 9;
            case TF_2_4 -> 3;
          };
    };
  }

  /** The {@code asymmetric_quantize_inputs} of a hybrid {@code FULLY_CONNECTED}. */
  boolean asymmetricInputs() {
    return this != TF_2_4;
  }

  /** Tells whether per-channel weights also store each channel's min and max. */
  boolean storesChannelMinMax() {
    return this == TF_2_8;
  }

  /**
   * Tells whether the converter set the version of every operator code of a hybrid kernel's type
   * after quantizing, as the legacy weight quantizer did, rather than of each hybrid operator.
   */
  boolean versionsEveryOperatorCode() {
    return this != TF_2_21;
  }

  /** Tells whether the converter updated {@code min_runtime_version} and wrote its metadata. */
  boolean writesConversionMetadata() {
    return this == TF_2_21;
  }
}
