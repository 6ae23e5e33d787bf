package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.OperatorInfo;
import io.github.modelbudget.harness.format.QuantizationInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model's weights look like: how many, how many nonzero, their element types, the operators
 * that use them and each weight tensor's storage.
 *
 * @param parameters the parameter count ({@link ModelInfo#parameterCount()})
 * @param nonzeroParameters the nonzero parameter count
 * @param sparsity the fraction of parameters that are zero
 * @param parametersByType the parameter count per element type, e.g. {@code {FLOAT32=312,
 *     INT8=2700}}
 * @param operators each operator kind with its version and how often it occurs, in first-use order
 * @param tensors every parameter tensor (live constants holding learned values)
 */
public record InspectionSummary(
    long parameters,
    long nonzeroParameters,
    double sparsity,
    Map<String, Long> parametersByType,
    List<OperatorCount> operators,
    List<TensorSummary> tensors) {

  /** Validates and copies; absent lists (records written before they existed) become empty. */
  public InspectionSummary {
    parametersByType = Collections.unmodifiableMap(new TreeMap<>(parametersByType));
    operators = operators == null ? List.of() : List.copyOf(operators);
    tensors = tensors == null ? List.of() : List.copyOf(tensors);
  }

  /**
   * An operator kind and how often the model uses it.
   *
   * @param name the builtin name (e.g. {@code CONV_2D}) or custom code
   * @param version the operator version
   * @param count how many operators of this kind and version the model has
   */
  public record OperatorCount(String name, int version, int count) {}

  /**
   * One parameter tensor.
   *
   * @param name the tensor's name
   * @param type the element type, e.g. {@code INT8}
   * @param shape the shape
   * @param elements the element count
   * @param sparsity the fraction of zero elements
   * @param quantization how it is quantized: {@code "none"}, {@code "per-tensor"} or {@code
   *     "per-channel (dim 0, 24 scales)"}
   * @param storage how it is stored: {@code "dense"} or its sparse format ({@link
   *     io.github.modelbudget.harness.format.SparseStorage#describe()}); records written before
   *     this existed read as dense
   */
  public record TensorSummary(
      String name,
      String type,
      List<Integer> shape,
      long elements,
      double sparsity,
      String quantization,
      String storage) {

    /** Copies the shape. */
    public TensorSummary {
      shape = List.copyOf(shape);
      storage = storage == null ? "dense" : storage;
    }
  }

  /**
   * Summarises an inspected model.
   *
   * @param info the model's inspection
   * @return its summary
   */
  public static InspectionSummary of(ModelInfo info) {
    Map<String, Long> byType = new TreeMap<>();
    List<TensorSummary> tensors = new ArrayList<>();
    for (ConstantTensorInfo constant : info.constants()) {
      if (constant.parameter()) {
        byType.merge(constant.type().name(), constant.elementCount(), Long::sum);
        tensors.add(
            new TensorSummary(
                constant.name(),
                constant.type().name(),
                constant.shape(),
                constant.elementCount(),
                constant.sparsity(),
                constant.quantization().map(InspectionSummary::describe).orElse("none"),
                constant.storage()));
      }
    }
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (OperatorInfo op : info.operators()) {
      counts
          .computeIfAbsent(op.name() + "\u0000" + op.version(), k -> new int[] {op.version(), 0})[
          1]++;
    }
    List<OperatorCount> operators = new ArrayList<>();
    counts.forEach(
        (key, value) ->
            operators.add(
                new OperatorCount(key.substring(0, key.indexOf('\u0000')), value[0], value[1])));
    return new InspectionSummary(
        info.parameterCount(),
        info.nonzeroParameterCount(),
        info.sparsity(),
        byType,
        operators,
        tensors);
  }

  private static String describe(QuantizationInfo q) {
    return q.perChannel()
        ? String.format(
            Locale.ROOT,
            "per-channel (dim %d, %d scales)",
            q.quantizedDimension(),
            q.scales().size())
        : "per-tensor";
  }
}
