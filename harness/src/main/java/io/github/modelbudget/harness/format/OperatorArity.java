package io.github.modelbudget.harness.format;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * How many inputs and outputs TFLite's builtin kernels accept, and which inputs may be omitted
 * ({@code -1}), as their {@code Prepare} functions check (TFLite 2.21).
 *
 * <p>The runtime's own checks are not enough: the XNNPACK delegate partitions the graph before any
 * kernel is prepared and trusts these counts, so a wrong count crashes the JVM instead of failing.
 * Operators missing from the table are not checked.
 *
 * @param minInputs the fewest inputs
 * @param maxInputs the most inputs ({@link Integer#MAX_VALUE} for a variadic operator)
 * @param exactInputs if not empty, the only input counts allowed (overrides min and max)
 * @param minOutputs the fewest outputs
 * @param maxOutputs the most outputs
 * @param optionalInputs the input positions that may be {@code -1}
 */
record OperatorArity(
    int minInputs,
    int maxInputs,
    Set<Integer> exactInputs,
    int minOutputs,
    int maxOutputs,
    Set<Integer> optionalInputs) {

  private static final int ANY = Integer.MAX_VALUE;

  private static final Map<Integer, OperatorArity> KERNELS = new HashMap<>();

  static {
    for (int op :
        new int[] {
          BuiltinOperator.MAX_POOL_2D,
          BuiltinOperator.AVERAGE_POOL_2D,
          BuiltinOperator.L2_POOL_2D,
          BuiltinOperator.SOFTMAX,
          BuiltinOperator.LOG_SOFTMAX,
          BuiltinOperator.LOGISTIC,
          BuiltinOperator.TANH,
          BuiltinOperator.RELU,
          BuiltinOperator.RELU6,
          BuiltinOperator.RELU_N1_TO_1,
          BuiltinOperator.ELU,
          BuiltinOperator.HARD_SWISH,
          BuiltinOperator.LEAKY_RELU,
          BuiltinOperator.GELU,
          BuiltinOperator.QUANTIZE,
          BuiltinOperator.DEQUANTIZE,
          BuiltinOperator.DENSIFY,
          BuiltinOperator.SHAPE,
          BuiltinOperator.SQUEEZE,
          BuiltinOperator.L2_NORMALIZATION,
          BuiltinOperator.ABS,
          BuiltinOperator.EXP,
          BuiltinOperator.LOG,
          BuiltinOperator.SQRT,
          BuiltinOperator.RSQRT,
          BuiltinOperator.NEG,
          BuiltinOperator.FLOOR,
          BuiltinOperator.CEIL,
          BuiltinOperator.CAST,
          BuiltinOperator.ZEROS_LIKE,
        }) {
      KERNELS.put(op, fixed(1, 1));
    }
    for (int op :
        new int[] {
          BuiltinOperator.ADD,
          BuiltinOperator.MUL,
          BuiltinOperator.SUB,
          BuiltinOperator.DIV,
          BuiltinOperator.MAXIMUM,
          BuiltinOperator.MINIMUM,
          BuiltinOperator.SQUARED_DIFFERENCE,
          BuiltinOperator.POW,
          BuiltinOperator.PRELU,
          BuiltinOperator.TRANSPOSE,
          BuiltinOperator.MEAN,
          BuiltinOperator.SUM,
          BuiltinOperator.REDUCE_MAX,
          BuiltinOperator.REDUCE_MIN,
          BuiltinOperator.REDUCE_PROD,
          BuiltinOperator.EXPAND_DIMS,
          BuiltinOperator.GATHER,
          BuiltinOperator.BATCH_MATMUL,
          BuiltinOperator.RESIZE_BILINEAR,
          BuiltinOperator.RESIZE_NEAREST_NEIGHBOR,
          BuiltinOperator.ARG_MAX,
          BuiltinOperator.ARG_MIN,
          BuiltinOperator.TILE,
          BuiltinOperator.FILL,
        }) {
      KERNELS.put(op, fixed(2, 1));
    }
    KERNELS.put(BuiltinOperator.CONV_2D, range(2, 3, 1, 1, Set.of(2)));
    KERNELS.put(BuiltinOperator.DEPTHWISE_CONV_2D, range(2, 3, 1, 1, Set.of(2)));
    // One output, or two with the shuffled weights format (checked with the options).
    KERNELS.put(BuiltinOperator.FULLY_CONNECTED, range(2, 3, 1, 2, Set.of(2)));
    KERNELS.put(BuiltinOperator.TRANSPOSE_CONV, range(3, 4, 1, 1, Set.of(3)));
    KERNELS.put(BuiltinOperator.RESHAPE, range(1, 2, 1, 1, Set.of()));
    KERNELS.put(BuiltinOperator.PAD, range(2, 3, 1, 1, Set.of()));
    KERNELS.put(BuiltinOperator.PADV2, range(2, 3, 1, 1, Set.of()));
    KERNELS.put(BuiltinOperator.STRIDED_SLICE, fixed(4, 1));
    KERNELS.put(BuiltinOperator.SLICE, fixed(3, 1));
    // PACK also needs as many inputs as its values_count (checked with the options).
    KERNELS.put(BuiltinOperator.CONCATENATION, range(1, ANY, 1, 1, Set.of()));
    KERNELS.put(BuiltinOperator.PACK, range(1, ANY, 1, 1, Set.of()));
    KERNELS.put(BuiltinOperator.SPLIT, range(2, 2, 1, ANY, Set.of()));
    KERNELS.put(BuiltinOperator.SPLIT_V, range(3, 3, 1, ANY, Set.of()));
    // Inputs 0 (input), 2-4 and 6-8 (weights), 13-15 (biases), 18-19 (state) are required; the
    // input gate (CIFG), peepholes, projection and the layer norm coefficients are optional.
    KERNELS.put(
        BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        new OperatorArity(
            20, 24, Set.of(20, 24), 1, 1, Set.of(1, 5, 9, 10, 11, 12, 16, 17, 20, 21, 22, 23)));
  }

  /** Copies the sets. */
  OperatorArity {
    exactInputs = Set.copyOf(exactInputs);
    optionalInputs = Set.copyOf(optionalInputs);
  }

  private static OperatorArity fixed(int inputs, int outputs) {
    return new OperatorArity(inputs, inputs, Set.of(), outputs, outputs, Set.of());
  }

  private static OperatorArity range(
      int minInputs, int maxInputs, int minOutputs, int maxOutputs, Set<Integer> optional) {
    return new OperatorArity(minInputs, maxInputs, Set.of(), minOutputs, maxOutputs, optional);
  }

  /**
   * Returns what a builtin operator's kernel accepts.
   *
   * @param builtinCode the operator code
   * @return the arity, or empty for an operator that is not checked
   */
  static Optional<OperatorArity> of(int builtinCode) {
    return Optional.ofNullable(KERNELS.get(builtinCode));
  }

  boolean acceptsInputs(int count) {
    return exactInputs.isEmpty()
        ? count >= minInputs && count <= maxInputs
        : exactInputs.contains(count);
  }

  boolean acceptsOutputs(int count) {
    return count >= minOutputs && count <= maxOutputs;
  }

  String describeInputs() {
    if (!exactInputs.isEmpty()) {
      return exactInputs.stream()
              .sorted()
              .map(String::valueOf)
              .reduce((a, b) -> a + " or " + b)
              .orElseThrow()
          + " inputs";
    }
    return describe(minInputs, maxInputs, "input");
  }

  String describeOutputs() {
    return describe(minOutputs, maxOutputs, "output");
  }

  private static String describe(int min, int max, String noun) {
    if (min == max) {
      return min + " " + noun + (min == 1 ? "" : "s");
    }
    if (max == ANY) {
      return "at least " + min + " " + noun + (min == 1 ? "" : "s");
    }
    return min + " to " + max + " " + noun + "s";
  }
}
