package io.github.modelbudget.harness.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operator of a subgraph, in execution order.
 *
 * @param subgraph the index of the subgraph
 * @param index the operator's position in the subgraph
 * @param name the builtin operator's name (e.g. {@code CONV_2D}) or the custom op's code
 * @param custom whether this is a custom operator
 * @param version the operator version the model asks for
 * @param inputs the indices of the input tensors (-1 for an omitted optional input)
 * @param outputs the indices of the output tensors
 * @param options the builtin options that matter, by schema name, in schema order (e.g. {@code
 *     padding=SAME}, {@code fused_activation_function=RELU}, {@code
 *     asymmetric_quantize_inputs=true}); empty for an operator without any
 */
public record OperatorInfo(
    int subgraph,
    int index,
    String name,
    boolean custom,
    int version,
    List<Integer> inputs,
    List<Integer> outputs,
    Map<String, String> options) {

  /** Validates and copies. */
  public OperatorInfo {
    Objects.requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }
}
