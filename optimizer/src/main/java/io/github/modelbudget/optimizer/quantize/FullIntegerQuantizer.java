package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.data.Dataset;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Quantizes a float {@code .tflite} model to full integer (static int8), calibrated on
 * representative data, as TFLite's converter does with a representative dataset.
 *
 * <p>The float model is run on every calibration sample and each activation's min and max are
 * recorded. Then, following TF 2.21's rules:
 *
 * <ul>
 *   <li>weights of {@code CONV_2D} and {@code FULLY_CONNECTED} (dimension 0) and {@code
 *       DEPTHWISE_CONV_2D} (dimension 3) are symmetric int8 per channel, {@code scale = max|w| /
 *       127}, exactly as dynamic-range quantization; an all-zero channel gets scale 1 (its values
 *       are 0 either way), since its bias scale would otherwise be 0;
 *   <li>biases are int32 per channel with {@code scale = input scale × weight scale} and zero point
 *       0;
 *   <li>activations are asymmetric int8 from the calibrated range widened to include 0: {@code
 *       scale = (max − min) / 255}, zero point {@code −128 − min / scale} rounded to an integer;
 *   <li>{@code LOGISTIC} and {@code SOFTMAX} outputs have scale 1/256 and zero point −128; {@code
 *       MAX_POOL_2D}, {@code AVERAGE_POOL_2D} and {@code RESHAPE} outputs share their input's
 *       parameters;
 *   <li>inputs and outputs stay float, with a {@code QUANTIZE} after the input and a {@code
 *       DEQUANTIZE} before the output, unless int8 or uint8 I/O is asked for ({@link IoType}).
 * </ul>
 *
 * <p>Integer operators (the {@code SHAPE} → {@code STRIDED_SLICE} → {@code PACK} batch prelude) are
 * left as they are. Any other operator with float activations has no int8 kernel here and stays
 * float between a {@code DEQUANTIZE} and a {@code QUANTIZE}; so does an operator picked by the
 * keep-float {@link WeightFilter} (by its builtin name or the name of one of its tensors). Both are
 * named in {@link FullIntegerReport#floatOperators()}. {@code CONVERSION_METADATA} records {@code
 * PTQ_FULL_INTEGER}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FullIntegerQuantizer {

  private static final int QMIN = -128;
  private static final int QMAX = 127;
  private static final float FIXED_SCALE = 1f / 256;
  private static final int UINT8_OFFSET = 128;
  private static final int QUANTIZE_VERSION = 2;
  private static final int DEQUANTIZE_VERSION = 2;

  /** The int8 version of each operator this quantizer writes in int8. */
  private static final Map<Integer, Integer> INT8_VERSIONS =
      Map.of(
          BuiltinOperator.CONV_2D, 3,
          BuiltinOperator.DEPTHWISE_CONV_2D, 3,
          BuiltinOperator.FULLY_CONNECTED, 12,
          BuiltinOperator.MAX_POOL_2D, 2,
          BuiltinOperator.AVERAGE_POOL_2D, 2,
          BuiltinOperator.RESHAPE, 1,
          BuiltinOperator.LOGISTIC, 2,
          BuiltinOperator.SOFTMAX, 2);

  private static final Set<Integer> WEIGHTED =
      Set.of(
          BuiltinOperator.CONV_2D,
          BuiltinOperator.DEPTHWISE_CONV_2D,
          BuiltinOperator.FULLY_CONNECTED);
  private static final Set<Integer> SHARING =
      Set.of(BuiltinOperator.MAX_POOL_2D, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.RESHAPE);
  private static final Set<Integer> FIXED =
      Set.of(BuiltinOperator.LOGISTIC, BuiltinOperator.SOFTMAX);

  private final IoType io;
  private final Optional<WeightFilter> keepFloat;

  /**
   * Creates a quantizer.
   *
   * @param io the type of the quantized model's inputs and outputs
   * @param keepFloat the operators to leave float, if any
   */
  public FullIntegerQuantizer(IoType io, Optional<WeightFilter> keepFloat) {
    this.io = Objects.requireNonNull(io, "io");
    this.keepFloat = Objects.requireNonNull(keepFloat, "keepFloat");
  }

  /**
   * Returns a quantizer with float inputs and outputs that leaves nothing float it can quantize.
   *
   * @return the quantizer
   */
  public static FullIntegerQuantizer withDefaults() {
    return new FullIntegerQuantizer(IoType.FLOAT32, Optional.empty());
  }

  /**
   * Calibrates a float model on representative data and quantizes it. The result is named after the
   * input with {@code _int8} appended.
   *
   * @param model a float model with one subgraph and one float input
   * @param calibration representative samples of that input (labels are not used)
   * @return the quantized model and the report, never {@code null}
   * @throws NotQuantizableException if the model's constants are quantized already, or it has
   *     several subgraphs or inputs, or a non-float input
   * @throws io.github.modelbudget.harness.data.InvalidDataException if the calibration data does
   *     not fit the model's input
   * @throws io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException if the keep-float
   *     filter picks none of the operators that would be quantized
   */
  public FullIntegerModel quantize(TfliteModel model, Dataset calibration) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(calibration, "calibration");
    ModelT schema = model.schema();
    QuantizedConstants.reject(model.origin(), schema, "full-integer quantization");
    SubGraphT[] subgraphs = schema.getSubgraphs();
    if (subgraphs.length != 1
        || subgraphs[0].getInputs() == null
        || subgraphs[0].getInputs().length != 1) {
      throw new NotQuantizableException(
          model.origin(),
          "full-integer quantization needs one subgraph with one input but found "
              + subgraphs.length
              + " subgraph(s) and "
              + (subgraphs.length == 0 || subgraphs[0].getInputs() == null
                  ? 0
                  : subgraphs[0].getInputs().length)
              + " input(s)");
    }
    TensorT input = subgraphs[0].getTensors()[subgraphs[0].getInputs()[0]];
    if (input.getType() != TensorType.FLOAT32.code()) {
      throw new NotQuantizableException(
          model.origin(),
          "expected a FLOAT32 input for full-integer quantization but '"
              + input.getName()
              + "' is "
              + TensorType.fromCode(input.getType()).map(Enum::name).orElse("another type"));
    }
    Map<Integer, Calibration.Range> ranges = Calibration.ranges(model, calibration);
    Rewriter rewriter = new Rewriter(model.origin(), schema, ranges);
    rewriter.run();
    List<QuantizationReport.MetadataChange> metadata =
        ConverterMetadata.update(model.origin(), schema, OptimizationMode.PTQ_FULL_INTEGER);
    TfliteModel result =
        TfliteModel.fromBytes(model.name() + "_int8", SchemaRoundTrip.serialize(schema));
    return new FullIntegerModel(
        result,
        new FullIntegerReport(
            model.name(),
            io,
            calibration.size(),
            rewriter.activations,
            rewriter.weights,
            rewriter.floatOperators,
            metadata));
  }

  /** Where a tensor's values live: float, int8, uint8, or not an activation at all. */
  private enum Domain {
    FLOAT,
    INT8,
    UINT8,
    NONE
  }

  /** Asymmetric int8 parameters and where they come from. */
  private record Params(float scale, int zeroPoint, float min, float max, String rule) {}

  /** Rewrites subgraph 0 in place. */
  private final class Rewriter {
    private final String origin;
    private final ModelT model;
    private final SubGraphT subgraph;
    private final List<TensorT> tensors;
    private final OperatorT[] operators;
    private final Map<Integer, Calibration.Range> ranges;
    private final Domain[] domains;
    private final int[] producers;
    private final Map<Integer, Params> params = new HashMap<>();
    private final Map<Long, Integer> twins = new HashMap<>();
    private final Map<Integer, List<OperatorT>> conversionsAfter = new HashMap<>();
    final List<ActivationQuantization> activations = new ArrayList<>();
    final List<QuantizedTensor> weights = new ArrayList<>();
    final List<String> floatOperators = new ArrayList<>();

    Rewriter(String origin, ModelT model, Map<Integer, Calibration.Range> ranges) {
      this.origin = origin;
      this.model = model;
      this.subgraph = model.getSubgraphs()[0];
      this.tensors = new ArrayList<>(Arrays.asList(subgraph.getTensors()));
      this.operators = subgraph.getOperators() == null ? new OperatorT[0] : subgraph.getOperators();
      this.ranges = ranges;
      this.domains = new Domain[operators.length];
      this.producers = new int[tensors.size()];
      Arrays.fill(producers, -1);
      for (int o = 0; o < operators.length; o++) {
        for (int output : outputs(operators[o])) {
          if (output >= 0 && output < producers.length) {
            producers[output] = o;
          }
        }
      }
    }

    void run() {
      classify();
      int graphInput = subgraph.getInputs()[0];
      Domain ioDomain = ioDomain();
      // Every float activation: its own type follows its producer, its readers get a twin.
      for (int t = 0; t < producers.length; t++) {
        if (!isActivation(t)) {
          continue;
        }
        Domain produced =
            t == graphInput ? ioDomain : producers[t] >= 0 ? domains[producers[t]] : Domain.FLOAT;
        if (produced == Domain.NONE) {
          continue;
        }
        if (produced != Domain.FLOAT) {
          setQuantized(tensors.get(t), params(t), produced);
        }
        for (int o = 0; o < operators.length; o++) {
          int[] inputs = inputs(operators[o]);
          for (int slot = 0; slot < inputs.length; slot++) {
            Domain needed = domains[o];
            if (inputs[slot] != t || needed == Domain.NONE || needed == produced) {
              continue;
            }
            inputs[slot] = twin(t, needed);
          }
        }
        int[] graphOutputs = subgraph.getOutputs();
        for (int i = 0; i < graphOutputs.length; i++) {
          if (graphOutputs[i] == t && ioDomain != produced) {
            int twin = twin(t, ioDomain);
            graphOutputs[i] = twin;
            renameForOutput(t, twin, produced);
          }
        }
      }
      for (int o = 0; o < operators.length; o++) {
        if (domains[o] == Domain.INT8) {
          int builtin = OperatorCodes.builtin(model, operators[o]);
          if (WEIGHTED.contains(builtin)) {
            quantizeWeights(o, builtin);
          }
          operators[o].setOpcodeIndex(
              OperatorCodes.findOrAdd(model, builtin, INT8_VERSIONS.get(builtin)));
        }
      }
      List<OperatorT> ordered = new ArrayList<>(conversionsAfter.getOrDefault(-1, List.of()));
      for (int o = 0; o < operators.length; o++) {
        ordered.add(operators[o]);
        ordered.addAll(conversionsAfter.getOrDefault(o, List.of()));
      }
      subgraph.setOperators(ordered.toArray(OperatorT[]::new));
      subgraph.setTensors(tensors.toArray(TensorT[]::new));
      // Report every tensor that holds int8 (or uint8) activations, in tensor order.
      Map<Integer, Params> holders = new TreeMap<>();
      for (int t = 0; t < producers.length; t++) {
        if (params.containsKey(t) && isQuantizedType(tensors.get(t))) {
          holders.put(t, params.get(t));
        }
      }
      for (Map.Entry<Long, Integer> twin : twins.entrySet()) {
        if (isQuantizedType(tensors.get(twin.getValue()))) {
          holders.put(twin.getValue(), params.get((int) (twin.getKey() >> 8)));
        }
      }
      holders.forEach(
          (t, p) ->
              activations.add(
                  new ActivationQuantization(
                      name(t), p.min(), p.max(), p.scale(), p.zeroPoint(), p.rule())));
    }

    private boolean isQuantizedType(TensorT tensor) {
      return tensor.getType() == TensorType.INT8.code()
          || tensor.getType() == TensorType.UINT8.code();
    }

    private Domain ioDomain() {
      return switch (io) {
        case FLOAT32 -> Domain.FLOAT;
        case INT8 -> Domain.INT8;
        case UINT8 -> Domain.UINT8;
      };
    }

    /** Decides which operators run in int8, which stay float, and which are not affected. */
    private void classify() {
      List<String> candidates = new ArrayList<>();
      boolean picked = false;
      for (int o = 0; o < operators.length; o++) {
        OperatorT op = operators[o];
        int builtin = OperatorCodes.builtin(model, op);
        boolean floatActivations =
            Arrays.stream(inputs(op)).anyMatch(this::isActivation)
                || Arrays.stream(outputs(op)).anyMatch(this::isActivation);
        if (builtin == BuiltinOperator.SHAPE || !floatActivations) {
          domains[o] = Domain.NONE;
          continue;
        }
        String label = OperatorCode.builtinName(builtin) + " → '" + name(outputs(op)[0]) + "'";
        if (!int8Capable(op, builtin)) {
          domains[o] = Domain.FLOAT;
          floatOperators.add(label + ": no int8 kernel in this quantizer");
          continue;
        }
        candidates.add(label);
        if (keepFloat.isPresent() && keepFloat.get().picksOperator(model, subgraph, op)) {
          domains[o] = Domain.FLOAT;
          floatOperators.add(label + ": kept float by the keep-float pattern");
          picked = true;
          continue;
        }
        domains[o] = Domain.INT8;
      }
      if (keepFloat.isPresent() && !picked) {
        throw keepFloat.get().unmatched(origin, "full-integer quantization", candidates);
      }
    }

    private boolean int8Capable(OperatorT op, int builtin) {
      if (!INT8_VERSIONS.containsKey(builtin)) {
        return false;
      }
      int[] inputs = inputs(op);
      if (outputs(op).length != 1 || !isActivation(outputs(op)[0]) || !isActivation(inputs[0])) {
        return false;
      }
      if (!WEIGHTED.contains(builtin)) {
        // RESHAPE's second input is an int32 shape; the others read one activation.
        return Arrays.stream(inputs).skip(1).noneMatch(this::isActivation);
      }
      int rank = builtin == BuiltinOperator.FULLY_CONNECTED ? 2 : 4;
      if (inputs.length < 2 || !isFloatConstant(inputs[1])) {
        return false;
      }
      if (tensors.get(inputs[1]).getShape().length != rank) {
        return false;
      }
      return inputs.length < 3 || inputs[2] < 0 || isFloatConstant(inputs[2]);
    }

    private boolean isActivation(int t) {
      return t >= 0
          && t < producers.length
          && tensors.get(t).getType() == TensorType.FLOAT32.code()
          && !ConstantBuffers.isConstant(model, tensors.get(t));
    }

    private boolean isFloatConstant(int t) {
      return t >= 0
          && tensors.get(t).getType() == TensorType.FLOAT32.code()
          && ConstantBuffers.isConstant(model, tensors.get(t))
          && tensors.get(t).getSparsity() == null;
    }

    /** The int8 parameters of an activation, by the rule that applies to its producer. */
    private Params params(int t) {
      Params known = params.get(t);
      if (known != null) {
        return known;
      }
      int producer = t < producers.length ? producers[t] : -1;
      Params result;
      if (producer >= 0 && domains[producer] == Domain.INT8) {
        int builtin = OperatorCodes.builtin(model, operators[producer]);
        if (FIXED.contains(builtin)) {
          result =
              new Params(
                  FIXED_SCALE,
                  QMIN,
                  Float.NaN,
                  Float.NaN,
                  "fixed for " + OperatorCode.builtinName(builtin));
          params.put(t, result);
          return result;
        }
        if (SHARING.contains(builtin)) {
          Params in = params(originalInput(producer));
          result =
              new Params(
                  in.scale(),
                  in.zeroPoint(),
                  Float.NaN,
                  Float.NaN,
                  "shared with the input of " + OperatorCode.builtinName(builtin));
          params.put(t, result);
          return result;
        }
      }
      Calibration.Range range = ranges.get(t);
      if (range == null) {
        throw new InvalidModelException(
            origin, "tensor '" + name(t) + "' was not produced during calibration");
      }
      result = calibrated(range);
      params.put(t, result);
      return result;
    }

    /** The first input of an operator as it was before any rewiring. */
    private int originalInput(int producer) {
      return sourceOf(operators[producer].getInputs()[0]);
    }

    /**
     * Returns (making it if needed) the copy of a tensor in another domain, with its conversion.
     */
    private int twin(int t, Domain target) {
      long key = ((long) t << 8) | target.ordinal();
      Integer existing = twins.get(key);
      if (existing != null) {
        return existing;
      }
      TensorT original = tensors.get(t);
      TensorT copy = new TensorT();
      copy.setName(name(t) + "_" + target.name().toLowerCase(Locale.ROOT));
      copy.setShape(original.getShape().clone());
      if (original.getShapeSignature() != null) {
        copy.setShapeSignature(original.getShapeSignature().clone());
      }
      copy.setBuffer(0);
      if (target == Domain.FLOAT) {
        copy.setType((byte) TensorType.FLOAT32.code());
        copy.setQuantization(new QuantizationParametersT());
      } else {
        setQuantized(copy, params(t), target);
      }
      int index = tensors.size();
      tensors.add(copy);
      twins.put(key, index);
      OperatorT convert = new OperatorT();
      boolean toFloat = target == Domain.FLOAT;
      convert.setOpcodeIndex(
          OperatorCodes.findOrAdd(
              model,
              toFloat ? BuiltinOperator.DEQUANTIZE : BuiltinOperator.QUANTIZE,
              toFloat ? DEQUANTIZE_VERSION : QUANTIZE_VERSION));
      convert.setInputs(new int[] {t});
      convert.setOutputs(new int[] {index});
      int after = t == subgraph.getInputs()[0] ? -1 : producers[t];
      conversionsAfter.computeIfAbsent(after, k -> new ArrayList<>()).add(convert);
      return index;
    }

    /** The graph-facing tensor keeps the name callers know; the internal one gets the suffix. */
    private void renameForOutput(int internal, int facing, Domain internalDomain) {
      String name = name(internal);
      tensors.get(internal).setName(name + "_" + internalDomain.name().toLowerCase(Locale.ROOT));
      tensors.get(facing).setName(name);
      if (model.getSignatureDefs() != null) {
        for (SignatureDefT signature : model.getSignatureDefs()) {
          for (TensorMapT output :
              signature.getOutputs() == null ? new TensorMapT[0] : signature.getOutputs()) {
            if (output.getTensorIndex() == internal) {
              output.setTensorIndex(facing);
            }
          }
        }
      }
    }

    private void setQuantized(TensorT tensor, Params p, Domain domain) {
      boolean unsigned = domain == Domain.UINT8;
      tensor.setType((byte) (unsigned ? TensorType.UINT8 : TensorType.INT8).code());
      QuantizationParametersT q = new QuantizationParametersT();
      q.setScale(new float[] {p.scale()});
      q.setZeroPoint(new long[] {p.zeroPoint() + (unsigned ? UINT8_OFFSET : 0)});
      tensor.setQuantization(q);
    }

    private void quantizeWeights(int o, int builtin) {
      OperatorT op = operators[o];
      int[] inputs = op.getInputs();
      float inputScale = params(sourceOf(inputs[0])).scale();
      int dimension = builtin == BuiltinOperator.DEPTHWISE_CONV_2D ? 3 : 0;
      int weightIndex = own(o, 1);
      TensorT weight = tensors.get(weightIndex);
      float[] values = ConstantBuffers.floats(origin, model, weight);
      SymmetricInt8.Result result = SymmetricInt8.perChannel(values, weight.getShape(), dimension);
      float[] scales = result.scales().clone();
      for (int c = 0; c < scales.length; c++) {
        if (scales[c] == 0f) {
          scales[c] = 1f;
        }
      }
      ConstantBuffers.replace(model, weight, ConstantBuffers.unsigned(result.values()));
      weight.setType((byte) TensorType.INT8.code());
      QuantizationParametersT wq = new QuantizationParametersT();
      wq.setScale(scales);
      wq.setZeroPoint(new long[scales.length]);
      wq.setQuantizedDimension(dimension);
      weight.setQuantization(wq);
      weights.add(
          new QuantizedTensor(
              name(weightIndex),
              Arrays.stream(weight.getShape()).boxed().toList(),
              OperatorCode.builtinName(builtin),
              true,
              dimension,
              scales.length,
              result.zeroChannels(),
              false,
              (long) values.length * Float.BYTES,
              values.length));
      if (inputs.length > 2 && inputs[2] >= 0) {
        int biasIndex = own(o, 2);
        TensorT bias = tensors.get(biasIndex);
        float[] b = ConstantBuffers.floats(origin, model, bias);
        float[] biasScales = new float[scales.length];
        int[] q = new int[b.length];
        for (int c = 0; c < b.length; c++) {
          biasScales[c] = inputScale * scales[c % scales.length];
          q[c] = roundToInt32(b[c] / (double) biasScales[c]);
        }
        ByteBuffer bytes = ByteBuffer.allocate(q.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(q);
        ConstantBuffers.replace(model, bias, ConstantBuffers.unsigned(bytes.array()));
        bias.setType((byte) TensorType.INT32.code());
        QuantizationParametersT bq = new QuantizationParametersT();
        bq.setScale(biasScales);
        bq.setZeroPoint(new long[biasScales.length]);
        bq.setQuantizedDimension(0);
        bias.setQuantization(bq);
      }
    }

    /** The source activation of a possibly rewired input: a twin maps back through its key. */
    private int sourceOf(int input) {
      for (Map.Entry<Long, Integer> twin : twins.entrySet()) {
        if (twin.getValue() == input) {
          return (int) (twin.getKey() >> 8);
        }
      }
      return input;
    }

    /**
     * Returns the index of a constant input only this operator reads, copying a shared constant so
     * that the others keep its float values.
     */
    private int own(int o, int slot) {
      int index = operators[o].getInputs()[slot];
      int readers = 0;
      for (OperatorT op : operators) {
        for (int input : inputs(op)) {
          readers += input == index ? 1 : 0;
        }
      }
      if (readers == 1) {
        return index;
      }
      TensorT original = tensors.get(index);
      TensorT copy = new TensorT();
      copy.setName(name(index) + "_int8");
      copy.setShape(original.getShape().clone());
      copy.setType(original.getType());
      copy.setBuffer(0);
      int copied = tensors.size();
      tensors.add(copy);
      // A buffer of its own, holding the float values until they are quantized.
      BufferT buffer = new BufferT();
      buffer.setData(model.getBuffers()[(int) original.getBuffer()].getData().clone());
      BufferT[] buffers = Arrays.copyOf(model.getBuffers(), model.getBuffers().length + 1);
      buffers[buffers.length - 1] = buffer;
      model.setBuffers(buffers);
      copy.setBuffer(buffers.length - 1);
      operators[o].getInputs()[slot] = copied;
      return copied;
    }

    private String name(int t) {
      String name = tensors.get(t).getName();
      return name == null || name.isEmpty() ? "tensor_" + t : name;
    }
  }

  /** The rule for activations: the range widened to include 0, the zero point nudged. */
  private static Params calibrated(Calibration.Range range) {
    double min = Math.min(range.min(), 0);
    double max = Math.max(range.max(), 0);
    if (max == min) {
      // An activation that was always 0: any scale represents it; TFLite's tools use 1.
      return new Params(1f, QMIN, range.min(), range.max(), "calibrated (always 0)");
    }
    double scale = (max - min) / (QMAX - QMIN);
    double zeroPointFromMin = QMIN - min / scale;
    int zeroPoint =
        zeroPointFromMin <= QMIN
            ? QMIN
            : zeroPointFromMin >= QMAX ? QMAX : (int) roundHalfAwayFromZero(zeroPointFromMin);
    return new Params((float) scale, zeroPoint, range.min(), range.max(), "calibrated");
  }

  private static long roundHalfAwayFromZero(double value) {
    return (long) Math.signum(value) * (long) Math.floor(Math.abs(value) + 0.5);
  }

  private static int roundToInt32(double value) {
    long rounded = roundHalfAwayFromZero(value);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rounded));
  }

  private static int[] inputs(OperatorT op) {
    return op.getInputs() == null ? new int[0] : op.getInputs();
  }

  private static int[] outputs(OperatorT op) {
    return op.getOutputs() == null ? new int[0] : op.getOutputs();
  }
}
