package io.github.modelbudget.harness.format;

import java.util.List;
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
 */
public record OperatorInfo(
    int subgraph,
    int index,
    String name,
    boolean custom,
    int version,
    List<Integer> inputs,
    List<Integer> outputs) {

  /** Validates and copies. */
  public OperatorInfo {
    Objects.requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
