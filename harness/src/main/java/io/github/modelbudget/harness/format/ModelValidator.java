package io.github.modelbudget.harness.format;

import com.google.flatbuffers.Table;
import io.github.modelbudget.harness.format.ValidationIssue.Severity;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptions;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.ConcatenationOptions;
import org.tensorflow.lite.schema.Conv2DOptions;
import org.tensorflow.lite.schema.DepthwiseConv2DOptions;
import org.tensorflow.lite.schema.DivOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.MulOptions;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.PackOptions;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SplitOptions;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.SubOptions;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TransposeConvOptions;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptions;

/**
 * Checks a verified model's graph the way TFLite's kernels would, but in Java and before any native
 * code sees it: operator arity ({@link OperatorArity}), tensor indices, option enums and strides
 * (errors), and quantization the runtime refuses or runs slowly (warnings).
 *
 * <p>Reads the flatbuffer through the schema's accessors, without unpacking it, so it is cheap
 * enough to run on every model that is read.
 */
final class ModelValidator {

  private static final int NO_TENSOR = -1;

  private ModelValidator() {}

  /**
   * Rejects a model with structural errors.
   *
   * @throws InvalidModelException naming every error found
   */
  static void requireValid(String origin, ByteBuffer bytes) {
    List<ValidationIssue> errors =
        validate(bytes).stream().filter(i -> i.severity() == Severity.ERROR).toList();
    if (!errors.isEmpty()) {
      throw new InvalidModelException(
          origin,
          "the graph is invalid, TFLite would reject or crash on it: "
              + errors.stream().map(ValidationIssue::toString).collect(Collectors.joining("; ")));
    }
  }

  /**
   * Returns every problem found, errors first in graph order, then warnings.
   *
   * @param bytes a flatbuffer the TFLite verifier has accepted
   */
  static List<ValidationIssue> validate(ByteBuffer bytes) {
    Model model = Model.getRootAsModel(bytes.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN));
    int[] codes = new int[model.operatorCodesLength()];
    String[] names = new String[codes.length];
    for (int i = 0; i < codes.length; i++) {
      OperatorCode code = model.operatorCodes(i);
      codes[i] = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
      names[i] =
          codes[i] == BuiltinOperator.CUSTOM
              ? customName(code)
              : io.github.modelbudget.harness.format.OperatorCode.builtinName(codes[i]);
    }
    List<ValidationIssue> errors = new ArrayList<>();
    List<ValidationIssue> warnings = new ArrayList<>();
    for (int s = 0; s < model.subgraphsLength(); s++) {
      SubGraph subgraph = model.subgraphs(s);
      int tensors = subgraph.tensorsLength();
      checkSubgraphTensors(errors, s, "input", subgraph.inputsLength(), subgraph::inputs, tensors);
      checkSubgraphTensors(
          errors, s, "output", subgraph.outputsLength(), subgraph::outputs, tensors);
      List<List<Integer>> consumers = new ArrayList<>();
      for (int t = 0; t < tensors; t++) {
        consumers.add(new ArrayList<>());
      }
      for (int o = 0; o < subgraph.operatorsLength(); o++) {
        Operator op = subgraph.operators(o);
        long codeIndex = op.opcodeIndex();
        if (codeIndex < 0 || codeIndex >= codes.length) {
          errors.add(
              error(
                  "operator " + o + " of subgraph " + s,
                  "expected an operator code index below "
                      + codes.length
                      + " but found "
                      + codeIndex));
          continue;
        }
        int code = codes[(int) codeIndex];
        String subject = "operator " + o + " (" + names[(int) codeIndex] + ") of subgraph " + s;
        checkOperator(errors, subject, code, op, tensors);
        for (int i = 0; i < op.inputsLength(); i++) {
          int t = op.inputs(i);
          if (t >= 0 && t < tensors) {
            consumers.get(t).add(code);
          }
        }
      }
      checkExecutionOrder(errors, s, subgraph, codes, names);
      checkEveryInputWritten(errors, s, model, subgraph, names);
      checkConvChannels(errors, s, subgraph, codes);
      SpatialExtentCheck.check(errors, s, subgraph, codes);
      for (int t = 0; t < tensors; t++) {
        checkQuantization(warnings, s, t, subgraph.tensors(t), consumers.get(t));
      }
    }
    List<ValidationIssue> all = new ArrayList<>(errors);
    all.addAll(warnings);
    return all;
  }

  /**
   * TFLite runs a subgraph's operators in the order they are listed: an operator that reads a
   * tensor which it or a later operator writes reads memory nothing has written yet, and a cycle
   * (SHAPE → STRIDED_SLICE → PACK fed back into the STRIDED_SLICE) aborts the runtime while it
   * prepares the graph. Variable tensors are exempt: a stateful model reads the state it writes.
   */
  private static void checkExecutionOrder(
      List<ValidationIssue> errors, int s, SubGraph subgraph, int[] codes, String[] names) {
    int tensors = subgraph.tensorsLength();
    int[] producer = new int[tensors];
    Arrays.fill(producer, Integer.MAX_VALUE);
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      for (int i = 0; i < op.outputsLength(); i++) {
        int t = op.outputs(i);
        if (t >= 0 && t < tensors && producer[t] == Integer.MAX_VALUE) {
          producer[t] = o;
        }
      }
    }
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      for (int i = 0; i < op.inputsLength(); i++) {
        int t = op.inputs(i);
        if (t < 0 || t >= tensors || producer[t] < o || subgraph.tensors(t).isVariable()) {
          continue;
        }
        if (producer[t] == Integer.MAX_VALUE) {
          continue;
        }
        errors.add(
            badRead(
                s,
                o,
                op,
                names,
                i,
                t,
                subgraph.tensors(t),
                (producer[t] == o ? "the operator itself" : "operator " + producer[t])
                    + " writes: TFLite runs operators in the order they are listed, so every"
                    + " tensor must be written before it is read"));
      }
    }
  }

  /**
   * Every tensor an operator reads must hold something: be an input of the subgraph, a constant (a
   * buffer with data), a variable, or the output of an operator. TFLite gives any other tensor
   * uninitialized arena memory, and a kernel reading it computes garbage or, with a degenerate
   * shape (a CONV_2D input of zero channels), aborts. Converters never write such a tensor. Tensors
   * of zero elements are exempt: an empty constant (a RESHAPE to a scalar's shape {@code []}) has
   * no data to store.
   */
  private static void checkEveryInputWritten(
      List<ValidationIssue> errors, int s, Model model, SubGraph subgraph, String[] names) {
    int tensors = subgraph.tensorsLength();
    boolean[] written = new boolean[tensors];
    for (int i = 0; i < subgraph.inputsLength(); i++) {
      int t = subgraph.inputs(i);
      if (t >= 0 && t < tensors) {
        written[t] = true;
      }
    }
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      for (int i = 0; i < op.outputsLength(); i++) {
        int t = op.outputs(i);
        if (t >= 0 && t < tensors) {
          written[t] = true;
        }
      }
    }
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      for (int i = 0; i < op.inputsLength(); i++) {
        int t = op.inputs(i);
        if (t < 0 || t >= tensors || written[t]) {
          continue;
        }
        Tensor tensor = subgraph.tensors(t);
        if (tensor.isVariable() || holdsData(model, tensor) || hasNoElements(tensor)) {
          continue;
        }
        errors.add(
            badRead(
                s,
                o,
                op,
                names,
                i,
                t,
                tensor,
                "nothing writes: it is not an input of the subgraph, holds no constant data"
                    + (tensor.buffer() > 0 && tensor.buffer() < model.buffersLength()
                        ? " (its buffer " + tensor.buffer() + " is empty)"
                        : "")
                    + ", is not a variable and no operator outputs it"));
      }
    }
  }

  /** "operator o (NAME) of subgraph s: input i reads tensor t ('name'), which …". */
  private static ValidationIssue badRead(
      int s, int o, Operator op, String[] names, int input, int t, Tensor tensor, String which) {
    long code = op.opcodeIndex();
    String name = code >= 0 && code < names.length ? names[(int) code] : "?";
    return error(
        "operator " + o + " (" + name + ") of subgraph " + s,
        "input " + input + " reads tensor " + t + " ('" + nameOf(tensor) + "'), which " + which);
  }

  private static boolean holdsData(Model model, Tensor tensor) {
    long buffer = tensor.buffer();
    if (buffer <= 0 || buffer >= model.buffersLength()) {
      return false;
    }
    org.tensorflow.lite.schema.Buffer data = model.buffers((int) buffer);
    return data != null && data.dataLength() > 0;
  }

  private static boolean hasNoElements(Tensor tensor) {
    for (int d = 0; d < tensor.shapeLength(); d++) {
      if (tensor.shape(d) == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * A CONV_2D's input channels must be a whole number of its filter's input channels (the groups),
   * and its output channels a whole number of groups, as TFLite's kernel requires; a grouped
   * convolution runs only with float weights. A hybrid or quantized kernel given other channels
   * aborts the runtime instead of failing.
   */
  private static void checkConvChannels(
      List<ValidationIssue> errors, int s, SubGraph subgraph, int[] codes) {
    int tensors = subgraph.tensorsLength();
    for (int o = 0; o < subgraph.operatorsLength(); o++) {
      Operator op = subgraph.operators(o);
      long code = op.opcodeIndex();
      if (code < 0
          || code >= codes.length
          || codes[(int) code] != BuiltinOperator.CONV_2D
          || op.inputsLength() < 2) {
        continue;
      }
      int in = op.inputs(0);
      int filter = op.inputs(1);
      if (in < 0 || in >= tensors || filter < 0 || filter >= tensors) {
        continue;
      }
      Tensor input = subgraph.tensors(in);
      Tensor weights = subgraph.tensors(filter);
      if (input.shapeLength() != 4 || weights.shapeLength() != 4) {
        continue;
      }
      int channels = input.shape(3);
      int filterChannels = weights.shape(3);
      int outputs = weights.shape(0);
      String subject = "operator " + o + " (CONV_2D) of subgraph " + s;
      if (channels == 0 || filterChannels == 0) {
        // Converters never write one; TFLite's kernel divides by the groups it makes.
        errors.add(
            error(
                subject,
                "its input has "
                    + channels
                    + " channels and its filter "
                    + filterChannels
                    + " input channels; a convolution needs at least one"));
        continue;
      }
      if (channels < 0 || filterChannels < 0 || outputs <= 0) {
        continue;
      }
      if (channels % filterChannels != 0) {
        errors.add(
            error(
                subject,
                "its input has "
                    + channels
                    + " channels, not a multiple of its filter's "
                    + filterChannels
                    + " input channels"));
        continue;
      }
      int groups = channels / filterChannels;
      if (outputs % groups != 0) {
        errors.add(
            error(
                subject,
                "its "
                    + groups
                    + " channel groups do not divide its filter's "
                    + outputs
                    + " output channels"));
      } else if (groups != 1 && weights.type() != TensorType.FLOAT32.code()) {
        errors.add(
            error(
                subject,
                "a grouped convolution ("
                    + groups
                    + " groups) needs float weights, but its filter is "
                    + TensorType.fromCode(weights.type())
                        .map(Enum::name)
                        .orElse("type " + weights.type())));
      }
    }
  }

  private static void checkSubgraphTensors(
      List<ValidationIssue> errors,
      int subgraph,
      String role,
      int count,
      java.util.function.IntUnaryOperator index,
      int tensors) {
    for (int i = 0; i < count; i++) {
      int t = index.applyAsInt(i);
      if (t < 0 || t >= tensors) {
        errors.add(
            error(
                "subgraph " + subgraph + " " + role + " " + i,
                "expected a tensor index in [0, " + tensors + ") but found " + t));
      }
    }
  }

  private static void checkOperator(
      List<ValidationIssue> errors, String subject, int code, Operator op, int tensors) {
    java.util.Optional<OperatorArity> arity =
        code == BuiltinOperator.CUSTOM ? java.util.Optional.empty() : OperatorArity.of(code);
    int inputs = op.inputsLength();
    int outputs = op.outputsLength();
    for (int i = 0; i < inputs; i++) {
      int t = op.inputs(i);
      int position = i;
      boolean optional = arity.map(a -> a.optionalInputs().contains(position)).orElse(true);
      if (t == NO_TENSOR && !optional) {
        errors.add(error(subject, "input " + i + " is required but the model omits it (-1)"));
      } else if (t < NO_TENSOR || t >= tensors) {
        errors.add(
            error(
                subject,
                "input " + i + " should be a tensor index in [0, " + tensors + ") but is " + t));
      }
    }
    for (int i = 0; i < outputs; i++) {
      int t = op.outputs(i);
      if (t < (arity.isPresent() ? 0 : NO_TENSOR) || t >= tensors) {
        errors.add(
            error(
                subject,
                "output " + i + " should be a tensor index in [0, " + tensors + ") but is " + t));
      }
    }
    for (int i = 0; i < op.intermediatesLength(); i++) {
      int t = op.intermediates(i);
      if (t < 0 || t >= tensors) {
        errors.add(
            error(
                subject,
                "intermediate "
                    + i
                    + " should be a tensor index in [0, "
                    + tensors
                    + ") but is "
                    + t));
      }
    }
    if (arity.isEmpty()) {
      return;
    }
    OperatorArity a = arity.get();
    if (!a.acceptsInputs(inputs)) {
      errors.add(
          error(subject, "its kernel takes " + a.describeInputs() + " but it has " + inputs));
    }
    if (!a.acceptsOutputs(outputs)) {
      errors.add(
          error(subject, "its kernel takes " + a.describeOutputs() + " but it has " + outputs));
    }
    checkOptions(errors, subject, code, op, inputs, outputs);
  }

  private static void checkOptions(
      List<ValidationIssue> errors,
      String subject,
      int code,
      Operator op,
      int inputs,
      int outputs) {
    byte type = op.builtinOptionsType();
    switch (code) {
      case BuiltinOperator.CONV_2D -> {
        if (requireOptions(errors, subject, op, type, BuiltinOptions.Conv2DOptions)) {
          Conv2DOptions o = (Conv2DOptions) op.builtinOptions(new Conv2DOptions());
          checkPadding(errors, subject, o.padding());
          checkAtLeastOne(errors, subject, "stride_w", o.strideW());
          checkAtLeastOne(errors, subject, "stride_h", o.strideH());
          checkAtLeastOne(errors, subject, "dilation_w_factor", o.dilationWFactor());
          checkAtLeastOne(errors, subject, "dilation_h_factor", o.dilationHFactor());
          checkActivation(errors, subject, o.fusedActivationFunction());
        }
      }
      case BuiltinOperator.DEPTHWISE_CONV_2D -> {
        if (requireOptions(errors, subject, op, type, BuiltinOptions.DepthwiseConv2DOptions)) {
          DepthwiseConv2DOptions o =
              (DepthwiseConv2DOptions) op.builtinOptions(new DepthwiseConv2DOptions());
          checkPadding(errors, subject, o.padding());
          checkAtLeastOne(errors, subject, "stride_w", o.strideW());
          checkAtLeastOne(errors, subject, "stride_h", o.strideH());
          checkAtLeastOne(errors, subject, "dilation_w_factor", o.dilationWFactor());
          checkAtLeastOne(errors, subject, "dilation_h_factor", o.dilationHFactor());
          checkActivation(errors, subject, o.fusedActivationFunction());
        }
      }
      case BuiltinOperator.MAX_POOL_2D,
          BuiltinOperator.AVERAGE_POOL_2D,
          BuiltinOperator.L2_POOL_2D -> {
        if (requireOptions(errors, subject, op, type, BuiltinOptions.Pool2DOptions)) {
          Pool2DOptions o = (Pool2DOptions) op.builtinOptions(new Pool2DOptions());
          checkPadding(errors, subject, o.padding());
          checkAtLeastOne(errors, subject, "stride_w", o.strideW());
          checkAtLeastOne(errors, subject, "stride_h", o.strideH());
          checkAtLeastOne(errors, subject, "filter_width", o.filterWidth());
          checkAtLeastOne(errors, subject, "filter_height", o.filterHeight());
          checkActivation(errors, subject, o.fusedActivationFunction());
        }
      }
      case BuiltinOperator.TRANSPOSE_CONV -> {
        if (requireOptions(errors, subject, op, type, BuiltinOptions.TransposeConvOptions)) {
          TransposeConvOptions o =
              (TransposeConvOptions) op.builtinOptions(new TransposeConvOptions());
          checkPadding(errors, subject, o.padding());
          checkAtLeastOne(errors, subject, "stride_w", o.strideW());
          checkAtLeastOne(errors, subject, "stride_h", o.strideH());
          checkActivation(errors, subject, o.fusedActivationFunction());
        }
      }
      case BuiltinOperator.FULLY_CONNECTED -> {
        byte format = FullyConnectedOptionsWeightsFormat.DEFAULT;
        if (hasOptions(op, type, BuiltinOptions.FullyConnectedOptions)) {
          FullyConnectedOptions o =
              (FullyConnectedOptions) op.builtinOptions(new FullyConnectedOptions());
          checkActivation(errors, subject, o.fusedActivationFunction());
          format = o.weightsFormat();
          if (format < 0 || format >= FullyConnectedOptionsWeightsFormat.names.length) {
            errors.add(
                error(
                    subject,
                    "weights_format should be DEFAULT (0) or SHUFFLED4x16INT8 (1) but is "
                        + format));
          }
        }
        int expected = format == FullyConnectedOptionsWeightsFormat.SHUFFLED4x16INT8 ? 2 : 1;
        if (outputs != expected && outputs <= 2) {
          errors.add(
              error(
                  subject,
                  "its kernel takes "
                      + expected
                      + " output"
                      + (expected == 1 ? "" : "s")
                      + " with weights_format "
                      + FullyConnectedOptionsWeightsFormat.name(Math.max(0, Math.min(1, format)))
                      + " but it has "
                      + outputs));
        }
      }
      case BuiltinOperator.ADD -> {
        if (hasOptions(op, type, BuiltinOptions.AddOptions)) {
          checkActivation(
              errors,
              subject,
              ((AddOptions) op.builtinOptions(new AddOptions())).fusedActivationFunction());
        }
      }
      case BuiltinOperator.MUL -> {
        if (hasOptions(op, type, BuiltinOptions.MulOptions)) {
          checkActivation(
              errors,
              subject,
              ((MulOptions) op.builtinOptions(new MulOptions())).fusedActivationFunction());
        }
      }
      case BuiltinOperator.SUB -> {
        if (hasOptions(op, type, BuiltinOptions.SubOptions)) {
          checkActivation(
              errors,
              subject,
              ((SubOptions) op.builtinOptions(new SubOptions())).fusedActivationFunction());
        }
      }
      case BuiltinOperator.DIV -> {
        if (hasOptions(op, type, BuiltinOptions.DivOptions)) {
          checkActivation(
              errors,
              subject,
              ((DivOptions) op.builtinOptions(new DivOptions())).fusedActivationFunction());
        }
      }
      case BuiltinOperator.CONCATENATION -> {
        if (hasOptions(op, type, BuiltinOptions.ConcatenationOptions)) {
          checkActivation(
              errors,
              subject,
              ((ConcatenationOptions) op.builtinOptions(new ConcatenationOptions()))
                  .fusedActivationFunction());
        }
      }
      case BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM -> {
        if (hasOptions(op, type, BuiltinOptions.UnidirectionalSequenceLSTMOptions)) {
          checkActivation(
              errors,
              subject,
              ((UnidirectionalSequenceLSTMOptions)
                      op.builtinOptions(new UnidirectionalSequenceLSTMOptions()))
                  .fusedActivationFunction());
        }
      }
      case BuiltinOperator.PACK -> {
        if (hasOptions(op, type, BuiltinOptions.PackOptions)) {
          int values = ((PackOptions) op.builtinOptions(new PackOptions())).valuesCount();
          if (values != inputs) {
            errors.add(
                error(
                    subject,
                    "values_count is "
                        + values
                        + " so its kernel takes "
                        + values
                        + " inputs but it has "
                        + inputs));
          }
        }
      }
      case BuiltinOperator.SPLIT -> {
        if (hasOptions(op, type, BuiltinOptions.SplitOptions)) {
          int splits = ((SplitOptions) op.builtinOptions(new SplitOptions())).numSplits();
          if (splits != outputs) {
            errors.add(
                error(
                    subject,
                    "num_splits is "
                        + splits
                        + " so its kernel takes "
                        + splits
                        + " outputs but it has "
                        + outputs));
          }
        }
      }
      default -> {
        // No options worth checking.
      }
    }
  }

  /** Whether the operator carries options of this type, the table itself included. */
  private static boolean hasOptions(Operator op, byte found, byte expected) {
    return found == expected && op.builtinOptions(new Table()) != null;
  }

  private static boolean requireOptions(
      List<ValidationIssue> errors, String subject, Operator op, byte found, byte expected) {
    if (found == expected) {
      if (op.builtinOptions(new Table()) != null) {
        return true;
      }
      errors.add(
          error(
              subject,
              "declares builtin options "
                  + BuiltinOptions.name(expected)
                  + " but the options table is missing"));
      return false;
    }
    errors.add(
        error(
            subject,
            "expected builtin options "
                + BuiltinOptions.name(expected)
                + " but found "
                + (found >= 0 && found < BuiltinOptions.names.length
                    ? BuiltinOptions.name(found)
                    : "type " + found)));
    return false;
  }

  private static void checkPadding(List<ValidationIssue> errors, String subject, byte padding) {
    if (padding < 0 || padding >= Padding.names.length) {
      errors.add(error(subject, "padding should be SAME (0) or VALID (1) but is " + padding));
    }
  }

  private static void checkActivation(
      List<ValidationIssue> errors, String subject, byte activation) {
    if (activation < 0 || activation >= ActivationFunctionType.names.length) {
      errors.add(
          error(
              subject,
              "fused_activation_function should be in [0, "
                  + (ActivationFunctionType.names.length - 1)
                  + "] ("
                  + String.join(", ", ActivationFunctionType.names)
                  + ") but is "
                  + activation));
    }
  }

  /** A custom operator's name for messages, whatever its bytes. */
  private static String customName(OperatorCode code) {
    try {
      return code.customCode() == null ? "CUSTOM" : code.customCode();
    } catch (IllegalArgumentException e) {
      return "CUSTOM (a name that is not valid UTF-8)";
    }
  }

  /** A tensor's name for messages; one that is not valid UTF-8 must not stop the validation. */
  private static String nameOf(Tensor tensor) {
    try {
      return tensor.name() == null ? "" : tensor.name();
    } catch (IllegalArgumentException e) {
      return "(a name that is not valid UTF-8)";
    }
  }

  private static void checkAtLeastOne(
      List<ValidationIssue> errors, String subject, String field, int value) {
    if (value < 1) {
      errors.add(error(subject, field + " should be at least 1 but is " + value));
    }
  }

  private static void checkQuantization(
      List<ValidationIssue> warnings,
      int subgraph,
      int index,
      Tensor tensor,
      List<Integer> consumers) {
    QuantizationParameters q = tensor.quantization();
    if (q == null || q.scaleLength() == 0) {
      return;
    }
    String subject = "tensor " + index + " ('" + nameOf(tensor) + "') of subgraph " + subgraph;
    int rank = tensor.shapeLength();
    int dim = q.quantizedDimension();
    int scales = q.scaleLength();
    if (dim < 0 || (rank > 0 && dim >= rank)) {
      warnings.add(
          warning(
              subject,
              "quantized_dimension should be in [0, "
                  + rank
                  + ") for a tensor of rank "
                  + rank
                  + " but is "
                  + dim
                  + "; TFLite refuses the model"));
    } else if (scales > 1 && rank > 0 && tensor.shape(dim) != scales) {
      warnings.add(
          warning(
              subject,
              "has "
                  + scales
                  + " scales but dimension "
                  + dim
                  + " has "
                  + tensor.shape(dim)
                  + " channels; TFLite refuses the model"));
    }
    if (scales < 2) {
      return;
    }
    List<Integer> zeroChannels = new ArrayList<>();
    for (int c = 0; c < scales; c++) {
      if (q.scale(c) == 0f) {
        zeroChannels.add(c);
      }
    }
    if (zeroChannels.isEmpty()) {
      return;
    }
    String channels =
        zeroChannels.size()
            + " of "
            + scales
            + " per-channel scales are 0 (channel"
            + (zeroChannels.size() == 1 ? " " : "s ")
            + zeroChannels.stream().limit(8).map(String::valueOf).collect(Collectors.joining(", "))
            + (zeroChannels.size() > 8 ? ", …" : "")
            + ")";
    if (consumers.contains(BuiltinOperator.FULLY_CONNECTED)) {
      warnings.add(
          warning(
              subject,
              channels
                  + "; XNNPACK refuses them in FULLY_CONNECTED (\"unsupported scale value\")"));
    } else if (consumers.contains(BuiltinOperator.CONV_2D)
        || consumers.contains(BuiltinOperator.DEPTHWISE_CONV_2D)) {
      warnings.add(
          warning(subject, channels + "; XNNPACK runs a convolution with them markedly slower"));
    } else {
      warnings.add(warning(subject, channels));
    }
  }

  private static ValidationIssue error(String subject, String problem) {
    return new ValidationIssue(Severity.ERROR, subject, problem);
  }

  private static ValidationIssue warning(String subject, String problem) {
    return new ValidationIssue(Severity.WARNING, subject, problem);
  }
}
