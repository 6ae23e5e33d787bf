package io.github.modelbudget.harness.format;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@code .tflite} model contains, as read from its flatbuffer by {@link
 * TfliteModel#inspect()}.
 *
 * <p>Parameters are the elements of constant tensors that hold learned values: every constant of a
 * floating-point or 4/8/16-bit integer type, plus 32-bit integer biases (the third input of {@code
 * CONV_2D}, {@code DEPTHWISE_CONV_2D} and {@code FULLY_CONNECTED}, the fourth of {@code
 * TRANSPOSE_CONV}). Shape and axis constants are listed in {@link #constants()} but are not
 * parameters.
 *
 * @param name the model's name
 * @param sha256 the digest of the model's bytes
 * @param sizeBytes the size of the flatbuffer
 * @param schemaVersion the schema version the model declares
 * @param description the model's description, empty if none
 * @param metadataNames the names of the model's metadata entries (e.g. {@code min_runtime_version})
 * @param signatureKeys the keys of the model's signatures (e.g. {@code serving_default})
 * @param subgraphCount the number of subgraphs
 * @param operatorCodes the operator kinds the model uses, with versions
 * @param operators every operator of every subgraph, in execution order
 * @param inputs the inputs of the main subgraph (subgraph 0)
 * @param outputs the outputs of the main subgraph
 * @param constants every constant tensor of every subgraph
 */
public record ModelInfo(
    String name,
    String sha256,
    long sizeBytes,
    long schemaVersion,
    String description,
    List<String> metadataNames,
    List<String> signatureKeys,
    int subgraphCount,
    List<OperatorCode> operatorCodes,
    List<OperatorInfo> operators,
    List<TensorInfo> inputs,
    List<TensorInfo> outputs,
    List<ConstantTensorInfo> constants) {

  /** Validates and copies the lists. */
  public ModelInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(description, "description");
    metadataNames = List.copyOf(metadataNames);
    signatureKeys = List.copyOf(signatureKeys);
    operatorCodes = List.copyOf(operatorCodes);
    operators = List.copyOf(operators);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    constants = List.copyOf(constants);
  }

  /**
   * Returns the number of parameters.
   *
   * @return the element count of all parameter tensors
   */
  public long parameterCount() {
    return constants.stream()
        .filter(ConstantTensorInfo::parameter)
        .mapToLong(ConstantTensorInfo::elementCount)
        .sum();
  }

  /**
   * Returns the number of parameters whose value is not zero.
   *
   * @return the nonzero element count of all parameter tensors
   */
  public long nonzeroParameterCount() {
    return constants.stream()
        .filter(ConstantTensorInfo::parameter)
        .mapToLong(ConstantTensorInfo::nonzeroCount)
        .sum();
  }

  /**
   * Returns the fraction of parameters that are zero.
   *
   * @return the overall sparsity in [0, 1], 0 for a model without parameters
   */
  public double sparsity() {
    long parameters = parameterCount();
    return parameters == 0 ? 0.0 : (double) (parameters - nonzeroParameterCount()) / parameters;
  }

  /**
   * Returns the bytes of constant data by element type.
   *
   * @return an unmodifiable map, ordered by type, holding only types that occur
   */
  public Map<TensorType, Long> constantBytesByType() {
    Map<TensorType, Long> bytes = new EnumMap<>(TensorType.class);
    for (ConstantTensorInfo constant : constants) {
      bytes.merge(constant.type(), constant.byteSize(), Long::sum);
    }
    return java.util.Collections.unmodifiableMap(bytes);
  }
}
