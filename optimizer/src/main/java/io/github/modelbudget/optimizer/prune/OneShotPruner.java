package io.github.modelbudget.optimizer.prune;

import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.OperatorCode;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.rewrite.ConstantBuffers;
import io.github.modelbudget.optimizer.rewrite.OperatorCodes;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Prunes a float {@code .tflite} model by weight magnitude in one shot, without retraining.
 *
 * <p>Prunable are the constant {@code FLOAT32} weights (input 1) of {@code CONV_2D}, {@code
 * DEPTHWISE_CONV_2D} and {@code FULLY_CONNECTED}; biases and every other tensor are left alone.
 * With {@link PruningScope#PER_TENSOR} each tensor follows {@link MagnitudeMask}: keep the {@code k
 * = max(round(size × (1 − s)), 1)} largest magnitudes. With {@link PruningScope#GLOBAL} the same
 * rule picks one threshold over all prunable weights together. Weights picked by the options'
 * keep-dense {@link io.github.modelbudget.optimizer.rewrite.WeightFilter} are left as they are (and
 * out of the global threshold); a filter that picks none raises {@link
 * io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException}. Pruned weights become exact
 * zeros, so the model compresses better and a later {@link
 * io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer} keeps them as zeros.
 *
 * <pre>{@code
 * OneShotPruningResult pruned = new OneShotPruner(OneShotPruningOptions.perTensor(0.8)).prune(baseline);
 * }</pre>
 *
 * <p>A model without such operators comes back unchanged with an empty report; one whose such
 * weights are all quantized or computed raises {@link NotPrunableException}. Instances are
 * immutable and thread-safe.
 */
public final class OneShotPruner {

  private static final Set<Integer> PRUNABLE_OPERATORS =
      Set.of(
          BuiltinOperator.CONV_2D,
          BuiltinOperator.DEPTHWISE_CONV_2D,
          BuiltinOperator.FULLY_CONNECTED);
  private static final int WEIGHTS_INPUT = 1;

  private final OneShotPruningOptions options;

  /**
   * Creates a pruner.
   *
   * @param options the target sparsity and scope
   */
  public OneShotPruner(OneShotPruningOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Returns the options.
   *
   * @return the options, never {@code null}
   */
  public OneShotPruningOptions options() {
    return options;
  }

  /**
   * Prunes a model in memory. The result is named after the input with {@code _pruned} appended,
   * unless there was nothing to prune: then it is the input model itself.
   *
   * @param model a float model
   * @return the pruned model and the report, never {@code null}
   * @throws NotPrunableException if the weights of its prunable operators are not float constants
   * @throws io.github.modelbudget.harness.format.InvalidModelException if a weight tensor
   *     contradicts its buffer
   */
  public OneShotPruningResult prune(TfliteModel model) {
    Objects.requireNonNull(model, "model");
    ModelT schema = model.schema();
    Map<String, Weight> weights = new TreeMap<>();
    Set<String> unprunable = new LinkedHashSet<>();
    SubGraphT[] subgraphs = schema.getSubgraphs();
    for (int s = 0; s < subgraphs.length; s++) {
      collect(model.origin(), schema, s, weights, unprunable);
    }
    List<String> keptDense = keepDense(schema, weights);
    if (options.keepDense().isPresent() && keptDense.isEmpty()) {
      throw options
          .keepDense()
          .get()
          .unmatched(
              model.origin(),
              "one-shot pruning",
              weights.values().stream().map(w -> w.tensor().getName()).toList());
    }
    unprunable.addAll(keptDense);
    if (weights.isEmpty()) {
      if (!unprunable.isEmpty() && keptDense.isEmpty()) {
        throw new NotPrunableException(
            model.origin(),
            "expected FLOAT32 constant weights in CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED"
                + " but found "
                + String.join(", ", unprunable));
      }
      return new OneShotPruningResult(
          model,
          new OneShotPruningReport(model.name(), options, List.of(), List.copyOf(unprunable)));
    }

    List<float[]> values = new ArrayList<>();
    for (Weight weight : weights.values()) {
      values.add(ConstantBuffers.floats(model.origin(), schema, weight.tensor()));
    }
    float globalThreshold =
        options.scope() == PruningScope.GLOBAL
            ? MagnitudeMask.threshold(concatenate(values), options.sparsity())
            : Float.NaN;

    List<TensorSparsity> report = new ArrayList<>();
    int i = 0;
    for (Weight weight : weights.values()) {
      float[] before = values.get(i++);
      float threshold;
      float[] after;
      if (options.scope() == PruningScope.GLOBAL) {
        threshold = globalThreshold;
        after = keepAtLeast(before, threshold);
      } else {
        threshold = MagnitudeMask.threshold(before, options.sparsity());
        after = MagnitudeMask.apply(before, options.sparsity());
      }
      ConstantBuffers.replaceFloats(schema, weight.tensor(), after);
      report.add(
          new TensorSparsity(
              weight.tensor().getName(),
              weight.operator(),
              Arrays.stream(weight.tensor().getShape()).boxed().toList(),
              before.length,
              zeros(before),
              zeros(after),
              threshold));
    }
    TfliteModel pruned =
        TfliteModel.fromBytes(model.name() + "_pruned", SchemaRoundTrip.serialize(schema));
    return new OneShotPruningResult(
        pruned, new OneShotPruningReport(model.name(), options, report, List.copyOf(unprunable)));
  }

  /**
   * Prunes a model and writes the result atomically, so that a failure leaves no partial file.
   *
   * @param model a float model
   * @param target the {@code .tflite} file to write; its parent directories are created
   * @return the pruned model and the report
   * @throws NotPrunableException if the model has no float weights to prune; nothing is written
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public OneShotPruningResult prune(TfliteModel model, Path target) {
    Objects.requireNonNull(target, "target");
    OneShotPruningResult result = prune(model);
    result.model().save(target);
    return result;
  }

  /** A prunable weight tensor, the operator that reads it, and where it is. */
  private record Weight(TensorT tensor, String operator, int subgraph, int index) {}

  /** Removes the weights the keep-dense filter picks; returns them in words, in model order. */
  private List<String> keepDense(ModelT schema, Map<String, Weight> weights) {
    List<String> kept = new ArrayList<>();
    if (options.keepDense().isEmpty()) {
      return kept;
    }
    WeightFilter filter = options.keepDense().get();
    weights
        .values()
        .removeIf(
            w -> {
              boolean picked = filter.picks(schema, schema.getSubgraphs()[w.subgraph()], w.index());
              if (picked) {
                kept.add(
                    "'"
                        + w.tensor().getName()
                        + "' of "
                        + w.operator()
                        + " kept dense by the keep-dense pattern");
              }
              return picked;
            });
    return kept;
  }

  private static void collect(
      String origin,
      ModelT model,
      int subgraphIndex,
      Map<String, Weight> weights,
      Set<String> unprunable) {
    SubGraphT subgraph = model.getSubgraphs()[subgraphIndex];
    TensorT[] tensors = subgraph.getTensors();
    OperatorT[] operators =
        subgraph.getOperators() == null ? new OperatorT[0] : subgraph.getOperators();
    for (OperatorT op : operators) {
      if (op.getOpcodeIndex() < 0 || op.getOpcodeIndex() >= model.getOperatorCodes().length) {
        throw new InvalidModelException(
            origin,
            "an operator of subgraph "
                + subgraphIndex
                + " has operator code "
                + op.getOpcodeIndex()
                + " but the model has "
                + model.getOperatorCodes().length);
      }
      OperatorCodeT code = model.getOperatorCodes()[(int) op.getOpcodeIndex()];
      int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
      int[] inputs = op.getInputs();
      if (!PRUNABLE_OPERATORS.contains(builtin)
          || inputs == null
          || inputs.length <= WEIGHTS_INPUT
          || inputs[WEIGHTS_INPUT] < 0
          || inputs[WEIGHTS_INPUT] >= tensors.length) {
        continue;
      }
      int index = inputs[WEIGHTS_INPUT];
      TensorT tensor = tensors[index];
      boolean constant = ConstantBuffers.isConstant(model, tensor);
      if (constant
          && tensor.getType() == TensorType.FLOAT32.code()
          && tensor.getSparsity() == null) {
        // Sorted by subgraph, then tensor index: model order, each shared weight once.
        weights.putIfAbsent(
            String.format("%08d/%08d", subgraphIndex, index),
            new Weight(tensor, OperatorCode.builtinName(builtin), subgraphIndex, index));
      } else {
        unprunable.add(
            "'"
                + tensor.getName()
                + "' of "
                + OperatorCode.builtinName(builtin)
                + " "
                + whyNotPrunable(model, subgraph, index, constant));
      }
    }
  }

  private static String whyNotPrunable(
      ModelT model, SubGraphT subgraph, int index, boolean constant) {
    TensorT tensor = subgraph.getTensors()[index];
    if (!constant) {
      // A quantized model reads its float16 or int8 weights through DEQUANTIZE: say so.
      for (OperatorT op : subgraph.getOperators()) {
        int[] outputs = op.getOutputs();
        int[] inputs = op.getInputs();
        if (outputs != null
            && Arrays.stream(outputs).anyMatch(o -> o == index)
            && OperatorCodes.builtin(model, op) == BuiltinOperator.DEQUANTIZE
            && inputs != null
            && inputs.length > 0
            && inputs[0] >= 0) {
          TensorT source = subgraph.getTensors()[inputs[0]];
          return "is dequantized from "
              + typeName(source)
              + " '"
              + source.getName()
              + "' (the model is quantized)";
        }
      }
      return "is computed, not a constant";
    }
    if (tensor.getSparsity() != null) {
      return "is stored in a sparse format";
    }
    return "is " + typeName(tensor);
  }

  private static String typeName(TensorT tensor) {
    return TensorType.fromCode(tensor.getType()).map(Enum::name).orElse("type " + tensor.getType());
  }

  private static float[] keepAtLeast(float[] weights, float threshold) {
    float[] kept = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      kept[i] = Math.abs(weights[i]) >= threshold ? weights[i] : 0f;
    }
    return kept;
  }

  private static float[] concatenate(List<float[]> arrays) {
    float[] all = new float[arrays.stream().mapToInt(a -> a.length).sum()];
    int offset = 0;
    for (float[] array : arrays) {
      System.arraycopy(array, 0, all, offset, array.length);
      offset += array.length;
    }
    return all;
  }

  private static int zeros(float[] values) {
    int zeros = 0;
    for (float value : values) {
      if (value == 0f) {
        zeros++;
      }
    }
    return zeros;
  }
}
