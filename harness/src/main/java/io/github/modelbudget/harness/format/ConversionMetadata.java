package io.github.modelbudget.harness.format;

import java.util.List;
import java.util.Objects;

/**
 * What the TFLite converter (TF 2.9 and later) records about a conversion in the model's {@code
 * CONVERSION_METADATA} buffer (TFLite's {@code conversion_metadata.fbs}).
 *
 * @param tensorflowVersion the TensorFlow version that converted the model, e.g. {@code "2.21.0"};
 *     empty if not recorded
 * @param apiVersion the converter API version
 * @param modelType the source model's format, e.g. {@code KERAS_MODEL}
 * @param optimizationModes the optimizations applied, e.g. {@code PTQ_DYNAMIC_RANGE}, {@code
 *     RANDOM_SPARSITY}; an unknown value as {@code MODE_<n>}
 * @param allowCustomOps whether custom ops were allowed
 * @param enableSelectTfOps whether unsupported ops became select TensorFlow ops
 * @param forceSelectTfOps whether every op became a select TensorFlow op
 * @param sparsityBlockSizes the block sizes used for sparsity, one list per block
 */
public record ConversionMetadata(
    String tensorflowVersion,
    long apiVersion,
    String modelType,
    List<String> optimizationModes,
    boolean allowCustomOps,
    boolean enableSelectTfOps,
    boolean forceSelectTfOps,
    List<List<Long>> sparsityBlockSizes) {

  /** The name of the metadata entry that holds this buffer. */
  public static final String METADATA_NAME = "CONVERSION_METADATA";

  /** Validates and copies. */
  public ConversionMetadata {
    Objects.requireNonNull(tensorflowVersion, "tensorflowVersion");
    Objects.requireNonNull(modelType, "modelType");
    optimizationModes = List.copyOf(optimizationModes);
    sparsityBlockSizes = sparsityBlockSizes.stream().map(List::copyOf).toList();
  }

  /**
   * Returns the name of a {@code ModelOptimizationMode} value.
   *
   * @param mode the value, e.g. 1002
   * @return its name, e.g. {@code PTQ_DYNAMIC_RANGE}, or {@code MODE_<n>} if unknown
   */
  public static String optimizationModeName(int mode) {
    return switch (mode) {
      case 1001 -> "PTQ_FLOAT16";
      case 1002 -> "PTQ_DYNAMIC_RANGE";
      case 1003 -> "PTQ_FULL_INTEGER";
      case 1004 -> "PTQ_INT16";
      case 2000 -> "QUANTIZATION_AWARE_TRAINING";
      case 3001 -> "RANDOM_SPARSITY";
      case 3002 -> "BLOCK_SPARSITY";
      case 3003 -> "STRUCTURED_SPARSITY";
      default -> "MODE_" + mode;
    };
  }

  /**
   * Returns the name of a {@code ModelType} value.
   *
   * @param type the value, e.g. 2
   * @return its name, e.g. {@code KERAS_MODEL}, or {@code TYPE_<n>} if unknown
   */
  public static String modelTypeName(int type) {
    return switch (type) {
      case 0 -> "NONE";
      case 1 -> "TF_SAVED_MODEL";
      case 2 -> "KERAS_MODEL";
      case 3 -> "TF_CONCRETE_FUNCTIONS";
      case 4 -> "TF_GRAPH_DEF";
      case 5 -> "TF_SESSION";
      case 6 -> "JAX";
      default -> "TYPE_" + type;
    };
  }

  /**
   * Describes the metadata in one line, e.g. {@code TF 2.21.0, KERAS_MODEL, PTQ_DYNAMIC_RANGE}.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder text =
        new StringBuilder(tensorflowVersion.isEmpty() ? "TF ?" : "TF " + tensorflowVersion);
    text.append(", ").append(modelType);
    text.append(
        optimizationModes.isEmpty()
            ? ", no optimizations"
            : ", " + String.join(", ", optimizationModes));
    if (!sparsityBlockSizes.isEmpty()) {
      text.append(", sparsity blocks ").append(sparsityBlockSizes);
    }
    if (allowCustomOps) {
      text.append(", custom ops allowed");
    }
    if (forceSelectTfOps) {
      text.append(", select TF ops forced");
    } else if (enableSelectTfOps) {
      text.append(", select TF ops enabled");
    }
    return text.toString();
  }
}
