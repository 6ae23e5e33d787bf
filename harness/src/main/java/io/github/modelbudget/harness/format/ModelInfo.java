package io.github.modelbudget.harness.format;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code .tflite} model contains, as read from its flatbuffer by {@link
 * TfliteModel#inspect()}.
 *
 * <p>Parameters are the elements of the <em>live</em> constant tensors that hold learned values. A
 * constant is live when an operator that contributes to a subgraph output reads it; a dead copy
 * (such as the float weights a quantization-aware-training export leaves behind) is listed but not
 * counted. Learned values are every constant of a floating-point or 4/8/16-bit integer type, plus
 * integer biases at the operators' bias inputs (the third input of {@code CONV_2D}, {@code
 * DEPTHWISE_CONV_2D} and {@code FULLY_CONNECTED}, the fourth of {@code TRANSPOSE_CONV}, the gate
 * and projection biases of the LSTMs, the bias of {@code RNN} and {@code SVDF}), so a float file
 * and its quantized copy count the same weights and biases. Shape and axis constants are listed in
 * {@link #constants()} but are not parameters. A sparse constant counts the elements of its dense
 * form, and its zeros are those its sparsity metadata leaves out plus the stored zeros.
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
 * @param minRuntimeVersion the {@code min_runtime_version} metadata's value, e.g. {@code 2.17.0}
 * @param conversionMetadata the decoded {@code CONVERSION_METADATA}, if the model has it
 * @param variableTensors the variable (state) tensors of every subgraph
 * @param warnings what the runtime will refuse or run badly (see {@link ValidationIssue})
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
    List<ConstantTensorInfo> constants,
    Optional<String> minRuntimeVersion,
    Optional<ConversionMetadata> conversionMetadata,
    List<TensorInfo> variableTensors,
    List<ValidationIssue> warnings) {

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
    Objects.requireNonNull(minRuntimeVersion, "minRuntimeVersion");
    Objects.requireNonNull(conversionMetadata, "conversionMetadata");
    variableTensors = List.copyOf(variableTensors);
    warnings = List.copyOf(warnings);
  }

  /**
   * Tells whether the batch size is fixed: no input of the main subgraph has a dynamic ({@code -1})
   * first dimension in its shape signature (a model without signatures has fixed shapes).
   *
   * @return {@code true} for a fixed batch
   */
  public boolean fixedBatch() {
    return inputs.stream()
        .noneMatch(t -> !t.shapeSignature().isEmpty() && t.shapeSignature().get(0) == -1);
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
