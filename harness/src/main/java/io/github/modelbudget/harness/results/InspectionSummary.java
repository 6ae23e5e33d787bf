package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model's weights look like: how many, how many nonzero, and their element types.
 *
 * @param parameters the parameter count ({@link ModelInfo#parameterCount()})
 * @param nonzeroParameters the nonzero parameter count
 * @param sparsity the fraction of parameters that are zero
 * @param parametersByType the parameter count per element type, e.g. {@code {FLOAT32=312,
 *     INT8=2700}}
 */
public record InspectionSummary(
    long parameters, long nonzeroParameters, double sparsity, Map<String, Long> parametersByType) {

  /** Validates and copies. */
  public InspectionSummary {
    parametersByType = Collections.unmodifiableMap(new TreeMap<>(parametersByType));
  }

  /**
   * Summarises an inspected model.
   *
   * @param info the model's inspection
   * @return its summary
   */
  public static InspectionSummary of(ModelInfo info) {
    Map<String, Long> byType = new TreeMap<>();
    for (ConstantTensorInfo constant : info.constants()) {
      if (constant.parameter()) {
        byType.merge(constant.type().name(), constant.elementCount(), Long::sum);
      }
    }
    return new InspectionSummary(
        info.parameterCount(), info.nonzeroParameterCount(), info.sparsity(), byType);
  }
}
