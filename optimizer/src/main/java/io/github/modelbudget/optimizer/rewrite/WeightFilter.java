package io.github.modelbudget.optimizer.rewrite;

import io.github.modelbudget.harness.format.OperatorCode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A regular expression that picks weights out of a rewrite, such as the weights to keep float when
 * quantizing or dense when pruning.
 *
 * <p>A weight is picked when the expression is found ({@link java.util.regex.Matcher#find()}, so
 * {@code dense} picks {@code sequential/dense/MatMul}; anchor it with {@code ^…$} for whole names)
 * in its tensor's name, in the builtin name of an operator that reads it (e.g. {@code
 * FULLY_CONNECTED}), or in the name of such an operator's output, which is how converters name a
 * layer. A filter that picks none of the weights a rewrite would change is almost always a typo, so
 * rewrites then raise {@link UnmatchedFilterException} instead of silently doing everything.
 *
 * @param purpose what the filter is for, in words, e.g. {@code "keep-float"}
 * @param pattern the expression
 */
public record WeightFilter(String purpose, Pattern pattern) {

  /** Validates. */
  public WeightFilter {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(pattern, "pattern");
  }

  /**
   * Compiles a filter.
   *
   * @param purpose what the filter is for, e.g. {@code "keep-float"}
   * @param regex a Java regular expression
   * @return the filter
   * @throws java.util.regex.PatternSyntaxException if the expression is not valid
   */
  public static WeightFilter of(String purpose, String regex) {
    return new WeightFilter(purpose, Pattern.compile(regex));
  }

  /**
   * Tells whether the filter picks a tensor of a subgraph.
   *
   * @param model the unpacked model
   * @param subgraph one of its subgraphs
   * @param tensor the tensor's index in the subgraph
   * @return {@code true} if its name, or the name or an output's name of an operator reading it,
   *     contains a match
   */
  public boolean picks(ModelT model, SubGraphT subgraph, int tensor) {
    TensorT[] tensors = subgraph.getTensors();
    if (found(tensors[tensor].getName())) {
      return true;
    }
    OperatorT[] operators =
        subgraph.getOperators() == null ? new OperatorT[0] : subgraph.getOperators();
    for (OperatorT op : operators) {
      if (!reads(op, tensor)) {
        continue;
      }
      if (found(OperatorCode.builtinName(OperatorCodes.builtin(model, op)))) {
        return true;
      }
      for (int output : op.getOutputs() == null ? new int[0] : op.getOutputs()) {
        if (output >= 0 && output < tensors.length && found(tensors[output].getName())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Tells whether the filter picks an operator, for rewrites that keep whole operators float.
   *
   * @param model the unpacked model
   * @param subgraph the operator's subgraph
   * @param op the operator
   * @return {@code true} if its builtin name or the name of one of its inputs or outputs contains a
   *     match
   */
  public boolean picksOperator(ModelT model, SubGraphT subgraph, OperatorT op) {
    if (found(OperatorCode.builtinName(OperatorCodes.builtin(model, op)))) {
      return true;
    }
    TensorT[] tensors = subgraph.getTensors();
    for (int[] indices : new int[][] {op.getInputs(), op.getOutputs()}) {
      for (int index : indices == null ? new int[0] : indices) {
        if (index >= 0 && index < tensors.length && found(tensors[index].getName())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the exception for a filter that picked none of the candidates.
   *
   * @param origin the model's origin
   * @param rewrite the rewrite in words, e.g. {@code "float16 quantization"}
   * @param candidates the names of the weights the rewrite would change
   * @return the exception to throw
   */
  public UnmatchedFilterException unmatched(
      String origin, String rewrite, List<String> candidates) {
    String listed =
        candidates.isEmpty()
            ? "it changes no weight of this model"
            : "its weights are "
                + candidates.stream()
                    .limit(8)
                    .map(n -> "'" + n + "'")
                    .collect(Collectors.joining(", "))
                + (candidates.size() > 8 ? " and " + (candidates.size() - 8) + " more" : "");
    return new UnmatchedFilterException(
        origin,
        "the "
            + purpose
            + " pattern '"
            + pattern.pattern()
            + "' matches no weight that "
            + rewrite
            + " changes (by tensor name, operator or operator output name); "
            + listed);
  }

  private boolean found(String name) {
    return name != null && pattern.matcher(name).find();
  }

  private static boolean reads(OperatorT op, int tensor) {
    int[] inputs = op.getInputs();
    if (inputs == null) {
      return false;
    }
    for (int input : inputs) {
      if (input == tensor) {
        return true;
      }
    }
    return false;
  }
}
