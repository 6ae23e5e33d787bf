package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.OperatorCode;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.rewrite.ConstantBuffers;
import io.github.modelbudget.optimizer.rewrite.OperatorCodes;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.DequantizeOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Quantizes a float {@code .tflite} model to float16 weights, as today's TFLite converter does with
 * {@code supported_types = [tf.float16]}.
 *
 * <p>Every constant {@code FLOAT32} tensor that an operator reads — weights and biases alike — is
 * stored as {@code FLOAT16}, each value the IEEE half nearest to the float (ties to even, see
 * {@link HalfPrecision}), and read through a new {@code DEQUANTIZE} op (version 3, the one for half
 * inputs) whose {@code FLOAT32} output, named after the constant with {@code _dequantize} appended,
 * replaces it in every reader; the converter places these ops first in the graph, and so does this
 * class. Activations, operators and their versions stay as they were; {@code min_runtime_version}
 * is raised to what {@code DEQUANTIZE} v3 needs and {@code PTQ_FLOAT16} is recorded in {@code
 * CONVERSION_METADATA}. Constants that are graph outputs, stored sparse, or picked by the
 * keep-float {@link WeightFilter} stay float.
 *
 * <p>A model whose constants are already quantized (int8, float16, …) raises {@link
 * NotQuantizableException}: the converter makes float16 models from float ones only.
 *
 * <pre>{@code
 * Float16Model half = Float16Quantizer.withDefaults().quantize(baseline);
 * half.model().save(Path.of("float16.tflite"));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Float16Quantizer {

  /** The {@code DEQUANTIZE} version for {@code FLOAT16} inputs. */
  static final int DEQUANTIZE_FLOAT16_VERSION = 3;

  private static final Set<TensorType> QUANTIZED_TYPES =
      Set.of(
          TensorType.INT8, TensorType.UINT8, TensorType.INT16, TensorType.INT4, TensorType.FLOAT16);
  private static final String DEQUANTIZED_SUFFIX = "_dequantize";

  private final Optional<WeightFilter> keepFloat;

  /**
   * Creates a quantizer.
   *
   * @param keepFloat the constants to leave float, if any
   */
  public Float16Quantizer(Optional<WeightFilter> keepFloat) {
    this.keepFloat = Objects.requireNonNull(keepFloat, "keepFloat");
  }

  /**
   * Returns a quantizer that converts every float constant.
   *
   * @return the quantizer
   */
  public static Float16Quantizer withDefaults() {
    return new Float16Quantizer(Optional.empty());
  }

  /**
   * Quantizes a model in memory. The result is named after the input with {@code _float16}
   * appended, unless nothing was converted: then it is the input model itself.
   *
   * @param model a float model
   * @return the quantized model and the report, never {@code null}
   * @throws NotQuantizableException if the model's constants are already quantized
   * @throws io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException if the keep-float
   *     filter picks no constant that would be converted
   * @throws InvalidModelException if the model's operators or tensors contradict each other
   */
  public Float16Model quantize(TfliteModel model) {
    Objects.requireNonNull(model, "model");
    ModelT schema = model.schema();
    QuantizedConstants.reject(model.origin(), schema, "float16 quantization");
    List<HalfTensor> converted = new ArrayList<>();
    List<SkippedTensor> skipped = new ArrayList<>();
    for (SubGraphT subgraph : schema.getSubgraphs()) {
      new SubgraphConverter(model.origin(), schema, subgraph).run(converted, skipped);
    }
    if (keepFloat.isPresent()
        && skipped.stream().noneMatch(t -> t.reason() == SkipReason.KEPT_FLOAT)) {
      throw keepFloat
          .get()
          .unmatched(
              model.origin(),
              "float16 quantization",
              converted.stream().map(HalfTensor::name).toList());
    }
    if (converted.isEmpty()) {
      return new Float16Model(
          model, new Float16Report(model.name(), converted, skipped, List.of()));
    }
    List<QuantizationReport.MetadataChange> metadata =
        ConverterMetadata.update(model.origin(), schema, OptimizationMode.PTQ_FLOAT16);
    TfliteModel result =
        TfliteModel.fromBytes(model.name() + "_float16", SchemaRoundTrip.serialize(schema));
    return new Float16Model(result, new Float16Report(model.name(), converted, skipped, metadata));
  }

  /** Converts one subgraph's float constants in place in the unpacked model. */
  private final class SubgraphConverter {
    private final String origin;
    private final ModelT model;
    private final SubGraphT subgraph;
    private final TensorT[] tensors;
    private final OperatorT[] operators;
    private final Set<Integer> graphOutputs = new HashSet<>();
    private final List<TensorT> addedTensors = new ArrayList<>();
    private final List<OperatorT> dequantizeOps = new ArrayList<>();

    SubgraphConverter(String origin, ModelT model, SubGraphT subgraph) {
      this.origin = origin;
      this.model = model;
      this.subgraph = subgraph;
      this.tensors = subgraph.getTensors() == null ? new TensorT[0] : subgraph.getTensors();
      this.operators = subgraph.getOperators() == null ? new OperatorT[0] : subgraph.getOperators();
      for (int o = 0; o < operators.length; o++) {
        long opcode = operators[o].getOpcodeIndex();
        if (opcode < 0 || opcode >= model.getOperatorCodes().length) {
          throw new InvalidModelException(
              origin,
              "operator "
                  + o
                  + " of subgraph '"
                  + subgraph.getName()
                  + "' has operator code "
                  + opcode
                  + " but the model has "
                  + model.getOperatorCodes().length);
        }
        for (int input : inputs(operators[o])) {
          if (input >= tensors.length) {
            throw new InvalidModelException(
                origin,
                "operator "
                    + o
                    + " of subgraph '"
                    + subgraph.getName()
                    + "' reads tensor "
                    + input
                    + " but the subgraph has "
                    + tensors.length
                    + " tensors");
          }
        }
      }
      if (subgraph.getOutputs() != null) {
        Arrays.stream(subgraph.getOutputs()).forEach(graphOutputs::add);
      }
    }

    void run(List<HalfTensor> converted, List<SkippedTensor> skipped) {
      for (int t = 0; t < tensors.length; t++) {
        TensorT tensor = tensors[t];
        Optional<TensorType> type = TensorType.fromCode(tensor.getType());
        List<String> readers = readers(t);
        if (!ConstantBuffers.isConstant(model, tensor) || type.isEmpty() || readers.isEmpty()) {
          continue;
        }
        long elements = ConstantBuffers.elements(tensor);
        List<Integer> shape = Arrays.stream(tensor.getShape()).boxed().toList();
        SkipReason reason = null;
        if (type.get() != TensorType.FLOAT32) {
          reason = SkipReason.NOT_FLOAT32;
        } else if (tensor.getSparsity() != null) {
          reason = SkipReason.SPARSE;
        } else if (graphOutputs.contains(t)) {
          reason = SkipReason.GRAPH_OUTPUT;
        } else if (keepFloat.isPresent() && keepFloat.get().picks(model, subgraph, t)) {
          reason = SkipReason.KEPT_FLOAT;
        }
        if (reason != null) {
          skipped.add(new SkippedTensor(name(t), shape, type.get(), elements, reason));
        } else {
          convert(t);
          converted.add(new HalfTensor(name(t), shape, readers, elements));
        }
      }
      if (!dequantizeOps.isEmpty()) {
        List<TensorT> allTensors = new ArrayList<>(Arrays.asList(tensors));
        allTensors.addAll(addedTensors);
        subgraph.setTensors(allTensors.toArray(TensorT[]::new));
        List<OperatorT> allOperators = new ArrayList<>(dequantizeOps);
        allOperators.addAll(Arrays.asList(operators));
        subgraph.setOperators(allOperators.toArray(OperatorT[]::new));
      }
    }

    private void convert(int index) {
      TensorT constant = tensors[index];
      float[] values = ConstantBuffers.floats(origin, model, constant);
      short[] halves = HalfPrecision.fromFloats(values);
      ByteBuffer bytes = ByteBuffer.allocate(halves.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asShortBuffer().put(halves);
      ConstantBuffers.replace(model, constant, ConstantBuffers.unsigned(bytes.array()));
      constant.setType((byte) TensorType.FLOAT16.code());

      TensorT output = new TensorT();
      output.setName(name(index) + DEQUANTIZED_SUFFIX);
      output.setType((byte) TensorType.FLOAT32.code());
      output.setShape(constant.getShape().clone());
      if (constant.getShapeSignature() != null) {
        output.setShapeSignature(constant.getShapeSignature().clone());
      }
      output.setBuffer(0);
      output.setQuantization(new QuantizationParametersT());
      int outputIndex = tensors.length + addedTensors.size();
      addedTensors.add(output);

      OperatorT dequantize = new OperatorT();
      dequantize.setOpcodeIndex(
          OperatorCodes.findOrAdd(model, BuiltinOperator.DEQUANTIZE, DEQUANTIZE_FLOAT16_VERSION));
      dequantize.setInputs(new int[] {index});
      dequantize.setOutputs(new int[] {outputIndex});
      BuiltinOptionsUnion options = new BuiltinOptionsUnion();
      options.setType(BuiltinOptions.DequantizeOptions);
      options.setValue(new DequantizeOptionsT());
      dequantize.setBuiltinOptions(options);
      dequantizeOps.add(dequantize);

      for (OperatorT op : operators) {
        int[] inputs = op.getInputs();
        for (int slot = 0; inputs != null && slot < inputs.length; slot++) {
          if (inputs[slot] == index) {
            inputs[slot] = outputIndex;
          }
        }
      }
    }

    /** The builtin names of the operators that read a tensor, each once, in graph order. */
    private List<String> readers(int tensor) {
      Set<String> names = new LinkedHashSet<>();
      for (OperatorT op : operators) {
        for (int input : inputs(op)) {
          if (input == tensor) {
            names.add(OperatorCode.builtinName(OperatorCodes.builtin(model, op)));
          }
        }
      }
      return List.copyOf(names);
    }

    private String name(int index) {
      String name = tensors[index].getName();
      return name == null || name.isEmpty() ? "tensor_" + index : name;
    }
  }

  private static int[] inputs(OperatorT op) {
    return op.getInputs() == null ? new int[0] : op.getInputs();
  }
}
