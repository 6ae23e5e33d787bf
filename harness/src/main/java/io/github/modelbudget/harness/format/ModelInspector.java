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

    List<OperatorInfo> operators = new ArrayList<>();
    List<ConstantTensorInfo> constants = new ArrayList<>();
    for (int s = 0; s < subgraphs.length; s++) {
      SubGraphT subgraph = subgraphs[s];
      TensorT[] tensors = orEmpty(subgraph.getTensors(), TensorT[]::new);
      OperatorT[] ops = orEmpty(subgraph.getOperators(), OperatorT[]::new);
      Set<Integer> biasTensors = new HashSet<>();
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
        int[] inputs = orEmpty(op.getInputs());
        biasIndex(code)
            .filter(i -> i < inputs.length && inputs[i] >= 0)
            .ifPresent(i -> biasTensors.add(inputs[i]));
        operators.add(
            new OperatorInfo(
                s,
                o,
                code.name(),
                code.custom(),
                code.version(),
                boxed(inputs),
                boxed(orEmpty(op.getOutputs()))));
      }
      for (int t = 0; t < tensors.length; t++) {
        TensorT tensor = tensors[t];
        long bufferIndex = tensor.getBuffer();
        if (bufferIndex <= 0 || bufferIndex >= buffers.length) {
          continue;
        }
        int[] data = buffers[(int) bufferIndex].getData();
        if (data == null || data.length == 0) {
          continue;
        }
        constants.add(constant(origin, s, t, tensor, data, biasTensors.contains(t)));
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
        Arrays.stream(orEmpty(schema.getMetadata(), MetadataT[]::new))
            // A flatbuffer may leave a name out: report it as empty rather than fail.
            .map(metadata -> Objects.requireNonNullElse(metadata.getName(), ""))
            .toList(),
        Arrays.stream(orEmpty(schema.getSignatureDefs(), SignatureDefT[]::new))
            .map(signature -> Objects.requireNonNullElse(signature.getSignatureKey(), ""))
            .toList(),
        subgraphs.length,
        codes,
        operators,
        ioTensors(origin, "input", orEmpty(main.getInputs()), mainTensors),
        ioTensors(origin, "output", orEmpty(main.getOutputs()), mainTensors),
        constants);
  }

  private static Optional<Integer> biasIndex(OperatorCode code) {
    return switch (code.builtinCode()) {
      case BuiltinOperator.CONV_2D,
          BuiltinOperator.DEPTHWISE_CONV_2D,
          BuiltinOperator.FULLY_CONNECTED ->
          Optional.of(2);
      case BuiltinOperator.TRANSPOSE_CONV -> Optional.of(3);
      default -> Optional.empty();
    };
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
      TensorT tensor = tensors[index];
      int[] shape = orEmpty(tensor.getShape());
      int[] signature = tensor.getShapeSignature();
      infos.add(
          new TensorInfo(
              index,
              nameOf(tensor),
              typeOf(origin, tensor),
              boxed(shape),
              boxed(signature == null || signature.length == 0 ? shape : signature),
              quantization(origin, tensor)));
    }
    return infos;
  }

  private static ConstantTensorInfo constant(
      String origin, int subgraph, int index, TensorT tensor, int[] data, boolean bias) {
    TensorType type = typeOf(origin, tensor);
    int[] shape = orEmpty(tensor.getShape());
    long elements = 1;
    for (int dim : shape) {
      elements *= dim;
    }
    Optional<QuantizationInfo> quantization = quantization(origin, tensor);
    boolean sparse = tensor.getSparsity() != null;
    long nonzero;
    if (sparse || type.elementBits() == 0) {
      // Sparse-encoded and string tensors do not store one value per element.
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
    boolean parameter = bias || isWeightType(type);
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
        quantization);
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
