package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.OperatorInfo;
import java.util.Set;

/** How to read a classifier's output: as probabilities already, or as logits. */
public enum OutputActivation {
  /**
   * Decide from the graph ({@link #inferredFrom}): an output made by {@code SOFTMAX} or {@code
   * LOGISTIC} holds probabilities, any other output logits.
   */
  AUTO,
  /** The output holds probabilities: a sigmoid's for one-wide outputs, a softmax's otherwise. */
  PROBABILITIES,
  /**
   * The output holds logits: a sigmoid (one wide) or softmax (wider) turns them into probabilities.
   */
  LOGITS;

  /** Whether the activation a result was read with was stated by the caller or inferred. */
  public enum Source {
    /** The caller stated it: {@code --activation}, {@code @EvaluationData(activation = …)}. */
    STATED,
    /** {@link #AUTO} inferred it from the operator that produces the output. */
    INFERRED
  }

  /** The activations whose output is a probability. */
  private static final Set<String> PROBABILITY_OPS = Set.of("SOFTMAX", "LOGISTIC");

  /**
   * Operators that pass values through unchanged (up to rounding or layout), which a converter puts
   * after the activation: a full-integer model's {@code QUANTIZE} to a uint8 output or {@code
   * DEQUANTIZE} to a float one, a final {@code RESHAPE}.
   */
  private static final Set<String> PASS_THROUGH_OPS =
      Set.of("QUANTIZE", "DEQUANTIZE", "RESHAPE", "SQUEEZE");

  /**
   * Infers how to read an output from the operator that produces it, looking through trailing
   * {@code QUANTIZE}, {@code DEQUANTIZE}, {@code RESHAPE} and {@code SQUEEZE} operators: {@link
   * #PROBABILITIES} after {@code SOFTMAX} or {@code LOGISTIC}, {@link #LOGITS} otherwise.
   *
   * <p>The values are not consulted: a quantized softmax's rows sum to 1 only within a few
   * 1/256ths, so any tolerance on the sum misreads some probabilities as logits.
   *
   * @param info the model
   * @param output the output's position in the main subgraph
   * @return {@link #PROBABILITIES} or {@link #LOGITS}, never {@link #AUTO}
   * @throws IndexOutOfBoundsException if the model has no such output
   */
  public static OutputActivation inferredFrom(ModelInfo info, int output) {
    int tensor = info.outputs().get(output).index();
    // A graph with a cycle is invalid; the bound keeps a malformed one from looping forever.
    for (int step = 0; step <= info.operators().size(); step++) {
      OperatorInfo producer = producerOf(info, tensor);
      if (producer == null || producer.custom()) {
        return LOGITS;
      }
      if (PROBABILITY_OPS.contains(producer.name())) {
        return PROBABILITIES;
      }
      if (!PASS_THROUGH_OPS.contains(producer.name()) || producer.inputs().isEmpty()) {
        return LOGITS;
      }
      tensor = producer.inputs().get(0);
    }
    return LOGITS;
  }

  private static OperatorInfo producerOf(ModelInfo info, int tensor) {
    for (OperatorInfo op : info.operators()) {
      if (op.subgraph() == 0 && op.outputs().contains(tensor)) {
        return op;
      }
    }
    return null;
  }
}
