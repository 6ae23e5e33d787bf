package io.github.modelbudget.harness.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/** Builds a {@link ModelInfo} from a verified model's flatbuffer. */
final class ModelInspector {

  private ModelInspector() {}

  /** The name of the metadata entry holding the oldest runtime version that can run the model. */
  static final String MIN_RUNTIME_VERSION = "min_runtime_version";

  static ModelInfo inspect(TfliteModel model) {
    ModelT schema = model.schema();
    String origin = model.origin();
    OperatorCodeT[] rawCodes = orEmpty(schema.getOperatorCodes(), OperatorCodeT[]::new);
    List<OperatorCode> codes = new ArrayList<>();
    for (OperatorCodeT code : rawCodes) {
      codes.add(OperatorCode.of(code));
    }
    BufferT[] buffers = orEmpty(schema.getBuffers(), BufferT[]::new);
    SubGraphT[] subgraphs = orEmpty(schema.getSubgraphs(), SubGraphT[]::new);
    if (subgraphs.length == 0) {
      throw new InvalidModelException(
          origin, "expected at least one subgraph but the model has none");
    }
    List<ValidationIssue> warnings = new ArrayList<>();
    for (ValidationIssue issue : ModelValidator.validate(model.buffer())) {
      if (issue.severity() == ValidationIssue.Severity.WARNING) {
        warnings.add(issue);
      }
    }

    List<OperatorInfo> operators = new ArrayList<>();
    List<ConstantTensorInfo> constants = new ArrayList<>();
    List<TensorInfo> variables = new ArrayList<>();
    for (int s = 0; s < subgraphs.length; s++) {
      SubGraphT subgraph = subgraphs[s];
      TensorT[] tensors = orEmpty(subgraph.getTensors(), TensorT[]::new);
      OperatorT[] ops = orEmpty(subgraph.getOperators(), OperatorT[]::new);
      OperatorCode[] opCodes = new OperatorCode[ops.length];
      for (int o = 0; o < ops.length; o++) {
        OperatorT op = ops[o];
        int codeIndex = (int) op.getOpcodeIndex();
        if (codeIndex < 0 || codeIndex >= codes.size()) {
          throw new InvalidModelException(
              origin,
              "operator "
                  + o
                  + " of subgraph "
                  + s
                  + " refers to operator code "
                  + codeIndex
                  + " but the model has "
                  + codes.size());
        }
        OperatorCode code = codes.get(codeIndex);
        opCodes[o] = code;
        operators.add(
            new OperatorInfo(
                s,
                o,
                code.name(),
                code.custom(),
                code.version(),
                boxed(orEmpty(op.getInputs())),
                boxed(orEmpty(op.getOutputs())),
                OperatorOptions.describe(op.getBuiltinOptions())));
      }
      boolean[] live = liveTensors(subgraph, ops, tensors);
      Set<Integer> integerParameters = new HashSet<>();
      for (int o = 0; o < ops.length; o++) {
        int[] inputs = orEmpty(ops[o].getInputs());
        for (int position : learnedIntegerInputs(opCodes[o])) {
          if (position < inputs.length && inputs[position] >= 0) {
            integerParameters.add(inputs[position]);
          }
        }
      }
      for (int t = 0; t < tensors.length; t++) {
        TensorT tensor = tensors[t];
        if (tensor.getIsVariable()) {
          variables.add(tensorInfo(origin, t, tensor));
        }
        long bufferIndex = tensor.getBuffer();
        if (bufferIndex <= 0 || bufferIndex >= buffers.length) {
          continue;
        }
        int[] data = buffers[(int) bufferIndex].getData();
        if (data == null || data.length == 0) {
          continue;
        }
        constants.add(constant(origin, s, t, tensor, data, integerParameters.contains(t), live[t]));
      }
    }

    MetadataT[] metadata = orEmpty(schema.getMetadata(), MetadataT[]::new);
    Optional<String> minRuntimeVersion = Optional.empty();
    Optional<ConversionMetadata> conversion = Optional.empty();
    for (MetadataT entry : metadata) {
      Optional<byte[]> bytes = metadataBytes(entry, buffers);
      if (bytes.isEmpty()) {
        continue;
      }
      if (MIN_RUNTIME_VERSION.equals(entry.getName())) {
        minRuntimeVersion = Optional.of(asciiUpToNul(bytes.get()));
      } else if (ConversionMetadata.METADATA_NAME.equals(entry.getName())) {
        try {
          conversion = Optional.of(ConversionMetadata.read(origin, bytes.get()));
        } catch (InvalidModelException e) {
          warnings.add(
              new ValidationIssue(
                  ValidationIssue.Severity.WARNING,
                  "metadata " + ConversionMetadata.METADATA_NAME,
                  "cannot be decoded (" + e.getMessage() + ")"));
        }
      }
    }

    SubGraphT main = subgraphs[0];
    TensorT[] mainTensors = orEmpty(main.getTensors(), TensorT[]::new);
    return new ModelInfo(
        model.name(),
        model.sha256(),
        model.size(),
        schema.getVersion(),
        schema.getDescription() == null ? "" : schema.getDescription(),
        Arrays.stream(metadata)
            // A flatbuffer may leave a name out: report it as empty rather than fail.
            .map(entry -> Objects.requireNonNullElse(entry.getName(), ""))
            .toList(),
        Arrays.stream(orEmpty(schema.getSignatureDefs(), SignatureDefT[]::new))
            .map(signature -> Objects.requireNonNullElse(signature.getSignatureKey(), ""))
            .toList(),
        subgraphs.length,
        codes,
        operators,
        ioTensors(origin, "input", orEmpty(main.getInputs()), mainTensors),
        ioTensors(origin, "output", orEmpty(main.getOutputs()), mainTensors),
        constants,
        minRuntimeVersion,
        conversion,
        variables,
        warnings);
  }

  /**
   * Marks the tensors an output of the subgraph depends on, walking the operators backwards (they
   * are stored in execution order). An operator without outputs, or one that writes a variable, is
   * kept for its effect.
   */
  private static boolean[] liveTensors(SubGraphT subgraph, OperatorT[] ops, TensorT[] tensors) {
    boolean[] live = new boolean[tensors.length];
    for (int t : orEmpty(subgraph.getOutputs())) {
      if (t >= 0 && t < tensors.length) {
        live[t] = true;
      }
    }
    for (int o = ops.length - 1; o >= 0; o--) {
      int[] outputs = orEmpty(ops[o].getOutputs());
      boolean needed = outputs.length == 0;
      for (int t : outputs) {
        if (t >= 0 && t < tensors.length && (live[t] || tensors[t].getIsVariable())) {
          needed = true;
        }
      }
      if (needed) {
        for (int t : orEmpty(ops[o].getInputs())) {
          if (t >= 0 && t < tensors.length) {
            live[t] = true;
          }
        }
        for (int t : orEmpty(ops[o].getIntermediates())) {
          if (t >= 0 && t < tensors.length) {
            live[t] = true;
          }
        }
      }
    }
    return live;
  }

  /** The inputs of an operator that hold learned integer values (quantized biases). */
  private static int[] learnedIntegerInputs(OperatorCode code) {
    if (code.custom()) {
      return new int[0];
    }
    return switch (code.builtinCode()) {
      case BuiltinOperator.CONV_2D,
          BuiltinOperator.DEPTHWISE_CONV_2D,
          BuiltinOperator.FULLY_CONNECTED ->
          new int[] {2};
      case BuiltinOperator.TRANSPOSE_CONV,
          BuiltinOperator.RNN,
          BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN,
          BuiltinOperator.SVDF ->
          new int[] {3};
      // Input, forget, cell and output gate biases, and the projection bias.
      case BuiltinOperator.LSTM, BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM ->
          new int[] {12, 13, 14, 15, 17};
      default -> new int[0];
    };
  }

  private static Optional<byte[]> metadataBytes(MetadataT entry, BufferT[] buffers) {
    long index = entry.getBuffer();
    if (index <= 0 || index >= buffers.length || buffers[(int) index].getData() == null) {
      return Optional.empty();
    }
    int[] data = buffers[(int) index].getData();
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    return Optional.of(bytes);
  }

  /** The converter pads {@code min_runtime_version} with NULs to 16 bytes. */
  private static String asciiUpToNul(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static List<TensorInfo> ioTensors(
      String origin, String role, int[] indices, TensorT[] tensors) {
    List<TensorInfo> infos = new ArrayList<>();
    for (int index : indices) {
      if (index < 0 || index >= tensors.length) {
        throw new InvalidModelException(
            origin,
            "subgraph "
                + role
                + " refers to tensor "
                + index
                + " but the subgraph has "
                + tensors.length);
      }
      infos.add(tensorInfo(origin, index, tensors[index]));
    }
    return infos;
  }

  private static TensorInfo tensorInfo(String origin, int index, TensorT tensor) {
    int[] shape = orEmpty(tensor.getShape());
    int[] signature = tensor.getShapeSignature();
    return new TensorInfo(
        index,
        nameOf(tensor),
        typeOf(origin, tensor),
        boxed(shape),
        boxed(signature == null || signature.length == 0 ? shape : signature),
        quantization(origin, tensor),
        tensor.getIsVariable());
  }

  private static ConstantTensorInfo constant(
      String origin,
      int subgraph,
      int index,
      TensorT tensor,
      int[] data,
      boolean integerParameter,
      boolean live) {
    TensorType type = typeOf(origin, tensor);
    int[] shape = orEmpty(tensor.getShape());
    long elements = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw invalidTensor(
            origin,
            subgraph,
            index,
            tensor,
            "is a constant of shape " + Arrays.toString(shape) + ": a dimension is negative");
      }
      try {
        elements = Math.multiplyExact(elements, dim);
      } catch (ArithmeticException e) {
        throw invalidTensor(
            origin,
            subgraph,
            index,
            tensor,
            "is a constant of shape " + Arrays.toString(shape) + ": too many elements to count");
      }
    }
    Optional<QuantizationInfo> quantization = quantization(origin, tensor);
    long nonzero;
    Optional<SparseStorage> storage = Optional.empty();
    if (tensor.getSparsity() != null && type.elementBits() >= 8) {
      int unit = type.elementBits() / 8;
      if (data.length % unit != 0) {
        throw invalidTensor(
            origin,
            subgraph,
            index,
            tensor,
            "is stored sparse as "
                + type
                + " but its buffer holds "
                + data.length
                + " bytes, not a whole number of values");
      }
      long stored = data.length / unit;
      long[] positions;
      try {
        positions = SparseLayout.densePositions(shape, tensor.getSparsity(), stored);
        storage = Optional.of(SparseLayout.storage(shape, tensor.getSparsity(), stored));
      } catch (IllegalArgumentException e) {
        throw invalidTensor(
            origin, subgraph, index, tensor, "has invalid sparsity metadata: " + e.getMessage());
      }
      nonzero = NonzeroCounter.countSparse(type, toBytes(data), positions, shape, quantization);
    } else if (tensor.getSparsity() != null || type.elementBits() == 0) {
      // Sub-byte sparse and string tensors do not store one value per element.
      nonzero = Math.min(elements, countNonzeroBytes(data));
    } else {
      long expectedBytes = type.bytesFor(elements);
      if (expectedBytes != data.length) {
        throw new InvalidModelException(
            origin,
            "tensor '"
                + nameOf(tensor)
                + "' (subgraph "
                + subgraph
                + ", index "
                + index
                + ") declares shape "
                + Arrays.toString(shape)
                + " of "
                + type
                + ", which is "
                + expectedBytes
                + " bytes, but its buffer holds "
                + data.length
                + " bytes");
      }
      nonzero = NonzeroCounter.count(type, toBytes(data), shape, quantization);
    }
    boolean parameter = live && (integerParameter || isWeightType(type));
    return new ConstantTensorInfo(
        subgraph,
        index,
        nameOf(tensor),
        type,
        boxed(shape),
        elements,
        nonzero,
        data.length,
        parameter,
        quantization,
        live,
        storage);
  }

  private static InvalidModelException invalidTensor(
      String origin, int subgraph, int index, TensorT tensor, String problem) {
    return new InvalidModelException(
        origin,
        "tensor '"
            + nameOf(tensor)
            + "' (subgraph "
            + subgraph
            + ", index "
            + index
            + ") "
            + problem);
  }

  private static boolean isWeightType(TensorType type) {
    return switch (type) {
      case FLOAT32, FLOAT16, FLOAT64, INT8, UINT8, INT16, UINT16, INT4 -> true;
      default -> false;
    };
  }

  private static long countNonzeroBytes(int[] data) {
    return Arrays.stream(data).filter(b -> b != 0).count();
  }

  private static ByteBuffer toBytes(int[] data) {
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static Optional<QuantizationInfo> quantization(String origin, TensorT tensor) {
    try {
      return quantization(tensor.getQuantization());
    } catch (IllegalArgumentException e) {
      throw new InvalidModelException(
          origin, "tensor '" + nameOf(tensor) + "' has invalid quantization: " + e.getMessage(), e);
    }
  }

  static Optional<QuantizationInfo> quantization(QuantizationParametersT params) {
    if (params == null) {
      return Optional.empty();
    }
    float[] scale = params.getScale();
    if (scale == null || scale.length == 0) {
      return Optional.empty();
    }
    long[] zeroPoint = params.getZeroPoint();
    return Optional.of(
        new QuantizationInfo(
            boxed(scale),
            zeroPoint == null ? List.of() : Arrays.stream(zeroPoint).boxed().toList(),
            params.getQuantizedDimension(),
            boxed(params.getMin()),
            boxed(params.getMax())));
  }

  private static TensorType typeOf(String origin, TensorT tensor) {
    return TensorType.fromCode(tensor.getType())
        .orElseThrow(
            () ->
                new InvalidModelException(
                    origin,
                    "tensor '"
                        + nameOf(tensor)
                        + "' has element type code "
                        + tensor.getType()
                        + ", which this version of ModelBudget does not know"));
  }

  private static String nameOf(TensorT tensor) {
    return tensor.getName() == null ? "" : tensor.getName();
  }

  private static <T> T[] orEmpty(T[] array, java.util.function.IntFunction<T[]> empty) {
    return array == null ? empty.apply(0) : array;
  }

  private static int[] orEmpty(int[] array) {
    return array == null ? new int[0] : array;
  }

  private static List<Integer> boxed(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static List<Float> boxed(float[] values) {
    if (values == null) {
      return List.of();
    }
    List<Float> list = new ArrayList<>(values.length);
    for (float value : values) {
      list.add(value);
    }
    return list;
  }
}
