package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.rewrite.ConstantBuffers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.DequantizeOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Quantizes the weights of a float {@code .tflite} model to int8, as TFLite's dynamic-range
 * quantization ({@code Optimize.DEFAULT} without a representative dataset) does.
 *
 * <p>Only constant {@code FLOAT32} weights of operators with hybrid kernels are quantized: the
 * filters of {@code CONV_2D} and {@code DEPTHWISE_CONV_2D} and the weights of {@code
 * FULLY_CONNECTED}, with at least {@link QuantizationOptions#minElements()} elements. Values are
 * symmetric int8 in [-127, 127] with zero point 0, {@code scale = max|w| / 127} per channel (or per
 * tensor) and {@code q = clamp(round(w / scale), -127, 127)}; an all-zero channel gets scale 0.
 * Biases and activations stay float. Which weights are per channel, the operator versions and
 * options, whether min/max are stored, and the metadata follow one converter generation exactly,
 * chosen by {@link QuantizationScheme} (today's, {@link QuantizationScheme#TF_2_21}, by default). A
 * quantized tensor that is also read by an operator without a hybrid kernel (or by a hybrid
 * operator that needs another quantization of it) is read through a new {@code DEQUANTIZE} op.
 * Weights picked by the options' keep-float {@link
 * io.github.modelbudget.optimizer.rewrite.WeightFilter} stay float; a filter that picks none of the
 * weights that would be quantized raises {@link
 * io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException}. Everything else — other
 * tensors and buffers, operator order, other metadata, signatures — is kept.
 *
 * <p>A model with nothing to quantize (its weights too small, or no hybrid-capable operators) comes
 * back unchanged, with a report that says why; the legacy converters would still have raised
 * operator versions, which changes nothing the runtime computes. A model whose weights are all
 * quantized already, so that the quantizer can do nothing at all, raises {@link
 * NotQuantizableException}; a model with some quantized and some float weights has its float ones
 * quantized and the others reported as {@link SkipReason#ALREADY_QUANTIZED}.
 *
 * <pre>{@code
 * QuantizedModel result = DynamicRangeQuantizer.withDefaults().quantize(baseline);
 * result.model().save(Path.of("quantized.tflite"));
 * System.out.println(result.report().summary());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DynamicRangeQuantizer {

  private static final Set<TensorType> QUANTIZED_TYPES =
      Set.of(
          TensorType.INT8, TensorType.UINT8, TensorType.INT16, TensorType.INT4, TensorType.FLOAT16);
  private static final int DEQUANTIZE_PER_TENSOR_VERSION = 2;
  private static final int DEQUANTIZE_PER_CHANNEL_VERSION = 5;
  // -0.0 is what the TF 2.8 converter stored as the min and max of an all-zero channel.
  private static final float ZERO_CHANNEL_MIN_MAX = -0.0f;
  private static final String DEQUANTIZED_SUFFIX = "_dequantize";

  private final QuantizationOptions options;

  /**
   * Creates a quantizer.
   *
   * @param options the scheme and size threshold
   */
  public DynamicRangeQuantizer(QuantizationOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Returns a quantizer with {@link QuantizationOptions#defaults()}: today's converter's scheme,
   * tensors of at least 1024 elements.
   *
   * @return the quantizer
   */
  public static DynamicRangeQuantizer withDefaults() {
    return new DynamicRangeQuantizer(QuantizationOptions.defaults());
  }

  /**
   * Returns the options.
   *
   * @return the options, never {@code null}
   */
  public QuantizationOptions options() {
    return options;
  }

  /**
   * Quantizes a model in memory. The result is named after the input with {@code _quantized}
   * appended, unless nothing was quantized: then it is the input model itself.
   *
   * @param model a float model
   * @return the quantized model and the report, never {@code null}
   * @throws NotQuantizableException if every weight is already quantized
   * @throws InvalidModelException if the model's tensors contradict their buffers, or (with {@link
   *     QuantizationScheme#TF_2_21}, which updates it) its {@code CONVERSION_METADATA} entry does
   *     not decode
   */
  public QuantizedModel quantize(TfliteModel model) {
    Objects.requireNonNull(model, "model");
    ModelT schema = model.schema();
    List<QuantizedTensor> quantized = new ArrayList<>();
    List<SkippedTensor> skipped = new ArrayList<>();
    for (SubGraphT subgraph : schema.getSubgraphs()) {
      new SubgraphQuantizer(model.origin(), schema, subgraph).run(quantized, skipped);
    }
    List<QuantizationReport.MetadataChange> metadata = new ArrayList<>();
    if (!quantized.isEmpty()) {
      finish(model.origin(), schema, metadata);
    }
    QuantizationReport report =
        new QuantizationReport(model.name(), options, quantized, skipped, metadata);
    if (!report.changed()) {
      List<SkippedTensor> alreadyQuantized = report.skipped(SkipReason.ALREADY_QUANTIZED);
      if (!alreadyQuantized.isEmpty() && report.skipped(SkipReason.TOO_SMALL).isEmpty()) {
        throw new NotQuantizableException(
            model.origin(),
            "expected a float model with FLOAT32 weights to quantize but found none; the model is"
                + " already quantized: "
                + alreadyQuantized.stream()
                    .limit(3)
                    .map(s -> "'" + s.name() + "' is " + s.type())
                    .collect(Collectors.joining(", "))
                + (alreadyQuantized.size() > 3
                    ? " and " + (alreadyQuantized.size() - 3) + " more"
                    : ""));
      }
    }
    if (options.keepFloat().isPresent()
        && skipped.stream().noneMatch(t -> t.reason() == SkipReason.KEPT_FLOAT)) {
      throw options
          .keepFloat()
          .get()
          .unmatched(
              model.origin(),
              "dynamic-range quantization",
              quantized.stream().map(QuantizedTensor::name).toList());
    }
    if (!report.changed()) {
      return new QuantizedModel(model, report);
    }
    TfliteModel result =
        TfliteModel.fromBytes(model.name() + "_quantized", SchemaRoundTrip.serialize(schema));
    return new QuantizedModel(result, report);
  }

  /**
   * Quantizes a model and writes the result atomically, so that a failure leaves no partial file.
   *
   * @param model a float model
   * @param target the {@code .tflite} file to write; its parent directories are created
   * @return the quantized model and the report
   * @throws NotQuantizableException if every weight is already quantized; nothing is written
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public QuantizedModel quantize(TfliteModel model, Path target) {
    Objects.requireNonNull(target, "target");
    QuantizedModel result = quantize(model);
    result.model().save(target);
    return result;
  }

  /**
   * Reads a model file, quantizes it and writes the result atomically.
   *
   * @param source the float {@code .tflite} file
   * @param target the {@code .tflite} file to write
   * @return the quantized model and the report
   * @throws InvalidModelException if the source is missing or not a valid model; nothing is written
   * @throws NotQuantizableException if every weight is already quantized; nothing is written
   */
  public QuantizedModel quantize(Path source, Path target) {
    return quantize(TfliteModel.read(source), target);
  }

  /** Applies what the converter did once per model, after quantizing its weights. */
  private void finish(
      String origin, ModelT schema, List<QuantizationReport.MetadataChange> metadata) {
    QuantizationScheme scheme = options.scheme();
    if (scheme.versionsEveryOperatorCode()) {
      for (OperatorCodeT code : schema.getOperatorCodes()) {
        int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
        Optional<HybridKernel> kernel = HybridKernel.of(builtin);
        if (kernel.isPresent() && scheme.hybridVersion(kernel.get()) > 0) {
          code.setVersion(scheme.hybridVersion(kernel.get()));
        }
      }
    }
    if (scheme.writesConversionMetadata()) {
      metadata.addAll(ConverterMetadata.update(origin, schema, OptimizationMode.PTQ_DYNAMIC_RANGE));
    }
  }

  /** An input slot of an operator. */
  private record Use(int operator, int slot) {}

  /** A use of a tensor as the weights of a hybrid-capable operator. */
  private record HybridUse(Use use, HybridKernel kernel) {}

  /** Quantizes one subgraph's weights in place in the unpacked model. */
  private final class SubgraphQuantizer {
    private final String origin;
    private final ModelT model;
    private final SubGraphT subgraph;
    private final TensorT[] tensors;
    private final OperatorT[] operators;
    private final List<List<Use>> uses;
    private final Set<Integer> graphOutputs = new HashSet<>();
    private final List<TensorT> addedTensors = new ArrayList<>();
    // Each DEQUANTIZE with the index of the operator it goes before.
    private final List<Map.Entry<Integer, OperatorT>> dequantizeOps = new ArrayList<>();

    SubgraphQuantizer(String origin, ModelT model, SubGraphT subgraph) {
      this.origin = origin;
      this.model = model;
      this.subgraph = subgraph;
      this.tensors = subgraph.getTensors() == null ? new TensorT[0] : subgraph.getTensors();
      this.operators = subgraph.getOperators() == null ? new OperatorT[0] : subgraph.getOperators();
      this.uses = new ArrayList<>();
      for (int i = 0; i < tensors.length; i++) {
        uses.add(new ArrayList<>());
      }
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
        int[] inputs = operators[o].getInputs();
        for (int slot = 0; inputs != null && slot < inputs.length; slot++) {
          int tensor = inputs[slot];
          if (tensor >= tensors.length) {
            throw new InvalidModelException(
                origin,
                "operator "
                    + o
                    + " of subgraph '"
                    + subgraph.getName()
                    + "' reads tensor "
                    + tensor
                    + " but the subgraph has "
                    + tensors.length
                    + " tensors");
          }
          if (tensor >= 0) {
            uses.get(tensor).add(new Use(o, slot));
          }
        }
      }
      if (subgraph.getOutputs() != null) {
        Arrays.stream(subgraph.getOutputs()).forEach(graphOutputs::add);
      }
    }

    void run(List<QuantizedTensor> quantized, List<SkippedTensor> skipped) {
      for (int t = 0; t < tensors.length; t++) {
        TensorT tensor = tensors[t];
        Optional<TensorType> type = TensorType.fromCode(tensor.getType());
        // A tensor type newer than this version of the schema cannot be a float weight.
        if (!ConstantBuffers.isConstant(model, tensor) || type.isEmpty()) {
          continue;
        }
        long elements = ConstantBuffers.elements(tensor);
        List<Integer> shape = Arrays.stream(tensor.getShape()).boxed().toList();
        SkipReason reason = null;
        List<HybridUse> hybridUses = hybridUses(t);
        if (type.get() != TensorType.FLOAT32) {
          reason =
              QUANTIZED_TYPES.contains(type.get())
                  ? SkipReason.ALREADY_QUANTIZED
                  : SkipReason.NOT_FLOAT32;
        } else if (tensor.getSparsity() != null) {
          reason = SkipReason.SPARSE;
        } else if (hybridUses.isEmpty() || graphOutputs.contains(t)) {
          reason = SkipReason.NOT_A_HYBRID_WEIGHT;
        } else if (elements < options.minElements()) {
          reason = SkipReason.TOO_SMALL;
        } else if (options.keepFloat().isPresent()
            && options.keepFloat().get().picks(model, subgraph, t)) {
          reason = SkipReason.KEPT_FLOAT;
        }
        if (reason != null) {
          skipped.add(
              new SkippedTensor(tensorName(tensor, t), shape, type.get(), elements, reason));
        } else {
          quantized.add(quantize(t, hybridUses));
        }
      }
      if (!addedTensors.isEmpty() || !dequantizeOps.isEmpty()) {
        List<TensorT> allTensors = new ArrayList<>(Arrays.asList(tensors));
        allTensors.addAll(addedTensors);
        subgraph.setTensors(allTensors.toArray(TensorT[]::new));
        List<OperatorT> allOperators = new ArrayList<>();
        for (int o = 0; o < operators.length; o++) {
          for (Map.Entry<Integer, OperatorT> dequantize : dequantizeOps) {
            if (dequantize.getKey() == o) {
              allOperators.add(dequantize.getValue());
            }
          }
          allOperators.add(operators[o]);
        }
        subgraph.setOperators(allOperators.toArray(OperatorT[]::new));
      }
    }

    private List<HybridUse> hybridUses(int tensor) {
      List<HybridUse> result = new ArrayList<>();
      for (Use use : uses.get(tensor)) {
        if (use.slot() != HybridKernel.WEIGHTS_INPUT) {
          continue;
        }
        OperatorT op = operators[use.operator()];
        Optional<HybridKernel> kernel = HybridKernel.of(builtinCode(op));
        int input = op.getInputs()[0];
        if (kernel.isPresent()
            && input >= 0
            && tensors[input].getType() == TensorType.FLOAT32.code()
            && tensors[tensor].getShape().length == kernel.get().weightsRank()) {
          result.add(new HybridUse(use, kernel.get()));
        }
      }
      return result;
    }

    private QuantizedTensor quantize(int index, List<HybridUse> hybridUses) {
      QuantizationScheme scheme = options.scheme();
      TensorT tensor = tensors[index];
      // The quantization follows the first reader with a hybrid kernel in this scheme, if any.
      HybridKernel first =
          hybridUses.stream()
              .map(HybridUse::kernel)
              .filter(scheme::hybrid)
              .findFirst()
              .orElse(hybridUses.get(0).kernel());
      boolean perChannel = scheme.perChannel(first);
      int dimension = perChannel ? first.channelDimension() : 0;
      float[] weights = ConstantBuffers.floats(origin, model, tensor);
      SymmetricInt8.Result result =
          perChannel
              ? SymmetricInt8.perChannel(weights, tensor.getShape(), dimension)
              : SymmetricInt8.perTensor(weights);
      ConstantBuffers.replace(model, tensor, ConstantBuffers.unsigned(result.values()));
      tensor.setType((byte) TensorType.INT8.code());
      tensor.setQuantization(parameters(result, dimension, perChannel));

      List<Use> direct = new ArrayList<>();
      for (HybridUse hybrid : hybridUses) {
        HybridKernel kernel = hybrid.kernel();
        boolean compatible =
            scheme.hybrid(kernel)
                && scheme.perChannel(kernel) == perChannel
                && (!perChannel || kernel.channelDimension() == dimension);
        if (compatible) {
          direct.add(hybrid.use());
          makeHybrid(operators[hybrid.use().operator()], kernel);
        }
      }
      List<Use> throughDequantize =
          uses.get(index).stream().filter(use -> !direct.contains(use)).toList();
      if (!throughDequantize.isEmpty()) {
        int before = throughDequantize.stream().mapToInt(Use::operator).min().orElseThrow();
        int dequantized = addDequantize(index, perChannel, before);
        for (Use use : throughDequantize) {
          operators[use.operator()].getInputs()[use.slot()] = dequantized;
        }
      }
      return new QuantizedTensor(
          tensorName(tensor, index),
          Arrays.stream(tensor.getShape()).boxed().toList(),
          first.name(),
          perChannel,
          dimension,
          result.scales().length,
          result.zeroChannels(),
          !throughDequantize.isEmpty(),
          (long) weights.length * Float.BYTES,
          weights.length);
    }

    private QuantizationParametersT parameters(
        SymmetricInt8.Result result, int dimension, boolean perChannel) {
      QuantizationParametersT params = new QuantizationParametersT();
      params.setScale(result.scales());
      params.setZeroPoint(new long[result.scales().length]);
      params.setQuantizedDimension(dimension);
      if (perChannel && options.scheme().storesChannelMinMax()) {
        float[] min = result.min().clone();
        float[] max = result.max().clone();
        for (int c = 0; c < min.length; c++) {
          if (result.scales()[c] == 0f) {
            min[c] = ZERO_CHANNEL_MIN_MAX;
            max[c] = ZERO_CHANNEL_MIN_MAX;
          }
        }
        params.setMin(min);
        params.setMax(max);
      }
      return params;
    }

    private void makeHybrid(OperatorT op, HybridKernel kernel) {
      QuantizationScheme scheme = options.scheme();
      if (!scheme.versionsEveryOperatorCode()) {
        int current = Math.max(1, model.getOperatorCodes()[(int) op.getOpcodeIndex()].getVersion());
        int version = Math.max(current, scheme.hybridVersion(kernel));
        op.setOpcodeIndex(operatorCode(model, kernel.builtinCode(), version));
      }
      if (kernel == HybridKernel.FULLY_CONNECTED) {
        BuiltinOptionsUnion union = op.getBuiltinOptions();
        if (union != null && union.getValue() instanceof FullyConnectedOptionsT fullyConnected) {
          fullyConnected.setAsymmetricQuantizeInputs(scheme.asymmetricInputs());
        } else {
          FullyConnectedOptionsT fullyConnected = new FullyConnectedOptionsT();
          fullyConnected.setAsymmetricQuantizeInputs(scheme.asymmetricInputs());
          op.setBuiltinOptions(union(BuiltinOptions.FullyConnectedOptions, fullyConnected));
        }
      }
    }

    /**
     * Adds a DEQUANTIZE of a quantized tensor. Today's converter places it first in the graph; the
     * legacy one right before the first reader, reusing the model's DEQUANTIZE code if any.
     */
    private int addDequantize(int index, boolean perChannel, int firstReader) {
      TensorT quantized = tensors[index];
      TensorT output = new TensorT();
      output.setName(tensorName(quantized, index) + DEQUANTIZED_SUFFIX);
      output.setType((byte) TensorType.FLOAT32.code());
      output.setShape(quantized.getShape().clone());
      if (quantized.getShapeSignature() != null) {
        output.setShapeSignature(quantized.getShapeSignature().clone());
      }
      output.setBuffer(0);
      output.setQuantization(new QuantizationParametersT());
      int outputIndex = tensors.length + addedTensors.size();
      addedTensors.add(output);

      OperatorT dequantize = new OperatorT();
      dequantize.setInputs(new int[] {index});
      dequantize.setOutputs(new int[] {outputIndex});
      if (options.scheme().versionsEveryOperatorCode()) {
        dequantize.setOpcodeIndex(legacyDequantizeCode(model));
        dequantize.setBuiltinOptions(new BuiltinOptionsUnion());
        dequantizeOps.add(Map.entry(firstReader, dequantize));
      } else {
        dequantize.setOpcodeIndex(
            operatorCode(
                model,
                BuiltinOperator.DEQUANTIZE,
                perChannel ? DEQUANTIZE_PER_CHANNEL_VERSION : DEQUANTIZE_PER_TENSOR_VERSION));
        dequantize.setBuiltinOptions(
            union(BuiltinOptions.DequantizeOptions, new DequantizeOptionsT()));
        dequantizeOps.add(Map.entry(0, dequantize));
      }
      return outputIndex;
    }

    private int builtinCode(OperatorT op) {
      OperatorCodeT code = model.getOperatorCodes()[(int) op.getOpcodeIndex()];
      return Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
    }
  }

  private static String tensorName(TensorT tensor, int index) {
    return tensor.getName() == null || tensor.getName().isEmpty()
        ? "tensor_" + index
        : tensor.getName();
  }

  /** The legacy quantizer's DEQUANTIZE code: the model's first one, or a new one of version 2. */
  private static int legacyDequantizeCode(ModelT model) {
    OperatorCodeT[] codes = model.getOperatorCodes();
    for (int i = 0; i < codes.length; i++) {
      int builtin = Math.max(codes[i].getBuiltinCode(), codes[i].getDeprecatedBuiltinCode());
      if (builtin == BuiltinOperator.DEQUANTIZE) {
        return i;
      }
    }
    return operatorCode(model, BuiltinOperator.DEQUANTIZE, DEQUANTIZE_PER_TENSOR_VERSION);
  }

  /** Finds the operator code with this builtin code and version, adding one if there is none. */
  private static int operatorCode(ModelT model, int builtinCode, int version) {
    OperatorCodeT[] codes = model.getOperatorCodes();
    for (int i = 0; i < codes.length; i++) {
      OperatorCodeT code = codes[i];
      int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
      if (builtin == builtinCode && Math.max(1, code.getVersion()) == version) {
        return i;
      }
    }
    OperatorCodeT code = new OperatorCodeT();
    code.setBuiltinCode(builtinCode);
    code.setDeprecatedBuiltinCode(
        (byte) Math.min(builtinCode, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
    code.setVersion(version);
    OperatorCodeT[] extended = Arrays.copyOf(codes, codes.length + 1);
    extended[codes.length] = code;
    model.setOperatorCodes(extended);
    return codes.length;
  }

  private static BuiltinOptionsUnion union(byte type, Object value) {
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(type);
    union.setValue(value);
    return union;
  }
}
