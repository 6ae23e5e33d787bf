package io.github.modelbudget.harness.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DensifyOptionsT;
import org.tensorflow.lite.schema.DequantizeOptionsT;
import org.tensorflow.lite.schema.DimensionMetadataT;
import org.tensorflow.lite.schema.DimensionType;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.Int32VectorT;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.QuantizeOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SparseIndexVector;
import org.tensorflow.lite.schema.SparseIndexVectorUnion;
import org.tensorflow.lite.schema.SparsityParametersT;
import org.tensorflow.lite.schema.StridedSliceOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.Uint16VectorT;
import org.tensorflow.lite.schema.Uint8VectorT;
import org.tensorflow.lite.schema.UnidirectionalSequenceLSTMOptionsT;

/**
 * Builds a single-subgraph {@code .tflite} model through the official schema classes.
 *
 * <p>Add inputs, constants and intermediate tensors, wire them with operators in execution order,
 * name the outputs, then {@link #build(String)}. The result follows the rules TFLite 2.21 enforces:
 * buffer 0 is the empty sentinel, tensors without data point at it, every constant has its own
 * non-empty buffer, both operator code fields are set, and a {@code serving_default} signature maps
 * the input and output names to their tensors.
 *
 * <pre>{@code
 * TfliteModelBuilder b = new TfliteModelBuilder();
 * TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
 * TensorRef w = b.constant("w", new float[] {0.5f, -1f, 2f, 0f}, 1, 4);
 * TensorRef bias = b.constant("b", new float[] {0.1f}, 1);
 * TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
 * TensorRef p = b.tensor("p", TensorType.FLOAT32, -1, 1);
 * b.fullyConnected(x, w, bias, logit, Activation.NONE).logistic(logit, p).output(p);
 * TfliteModel model = b.build("dense_sigmoid");
 * }</pre>
 *
 * <p>A builder is not thread-safe and builds one model.
 */
public final class TfliteModelBuilder {

  /**
   * Stands for an omitted optional operator input (stored as tensor index {@code -1}), such as the
   * peephole weights of an LSTM without peepholes. Valid only among an operator's inputs.
   */
  public static final TensorRef OMITTED =
      new TensorRef(-1, "(omitted)", TensorType.FLOAT32, List.of());

  private static final int SCHEMA_VERSION = 3;
  private static final String SIGNATURE_KEY = "serving_default";

  private final List<TensorT> tensors = new ArrayList<>();
  private final List<TensorRef> refs = new ArrayList<>();
  private final List<BufferT> buffers = new ArrayList<>();
  private final List<OperatorT> operators = new ArrayList<>();
  private final Map<String, Integer> operatorCodes = new LinkedHashMap<>();
  private final List<OperatorCodeT> operatorCodeList = new ArrayList<>();
  private final List<TensorRef> inputs = new ArrayList<>();
  private final List<TensorRef> outputs = new ArrayList<>();
  private final List<MetadataT> metadata = new ArrayList<>();
  private String description = "ModelBudget";

  /** Creates an empty builder. */
  public TfliteModelBuilder() {
    buffers.add(new BufferT());
  }

  /**
   * Sets the model's description.
   *
   * @param description the description
   * @return this builder
   */
  public TfliteModelBuilder description(String description) {
    this.description = Objects.requireNonNull(description, "description");
    return this;
  }

  /**
   * Adds a named metadata buffer, such as {@code min_runtime_version}.
   *
   * @param name the metadata name
   * @param data the bytes, not empty
   * @return this builder
   */
  public TfliteModelBuilder metadata(String name, byte[] data) {
    MetadataT entry = new MetadataT();
    entry.setName(Objects.requireNonNull(name, "name"));
    entry.setBuffer(addBuffer(data));
    metadata.add(entry);
    return this;
  }

  /**
   * Adds a subgraph input.
   *
   * @param name the input's name, also its signature name
   * @param type the element type
   * @param shape the shape, -1 for a dynamic dimension (usually the batch)
   * @return the tensor
   */
  public TensorRef input(String name, TensorType type, int... shape) {
    TensorRef ref = addTensor(name, type, shape, 0, null);
    inputs.add(ref);
    return ref;
  }

  /**
   * Adds a quantized subgraph input.
   *
   * @param name the input's name
   * @param type the element type, {@code INT8} or {@code UINT8}
   * @param quantization the scale and zero point
   * @param shape the shape, -1 for a dynamic dimension
   * @return the tensor
   */
  public TensorRef quantizedInput(
      String name, TensorType type, QuantizationInfo quantization, int... shape) {
    TensorRef ref = addTensor(name, type, shape, 0, quantization);
    inputs.add(ref);
    return ref;
  }

  /**
   * Adds an intermediate (or output) tensor without data.
   *
   * @param name the tensor's name
   * @param type the element type
   * @param shape the shape, -1 for a dynamic dimension
   * @return the tensor
   */
  public TensorRef tensor(String name, TensorType type, int... shape) {
    return addTensor(name, type, shape, 0, null);
  }

  /**
   * Adds a quantized intermediate (or output) tensor without data.
   *
   * @param name the tensor's name
   * @param type the element type
   * @param quantization the scale and zero point
   * @param shape the shape, -1 for a dynamic dimension
   * @return the tensor
   */
  public TensorRef quantizedTensor(
      String name, TensorType type, QuantizationInfo quantization, int... shape) {
    return addTensor(name, type, shape, 0, quantization);
  }

  /**
   * Adds a variable tensor: state that an operator reads and writes on every invocation, such as
   * the output and cell state of {@code UNIDIRECTIONAL_SEQUENCE_LSTM}. Like the converter's, it has
   * no data and starts at zero.
   *
   * @param name the tensor's name
   * @param type the element type
   * @param shape the static shape (variable tensors cannot be resized)
   * @return the tensor
   */
  public TensorRef variable(String name, TensorType type, int... shape) {
    TensorRef ref = addTensor(name, type, shape, 0, null);
    tensors.get(ref.index()).setIsVariable(true);
    return ref;
  }

  /**
   * Adds a {@code FLOAT32} constant.
   *
   * @param name the tensor's name
   * @param values the values in row-major order
   * @param shape the shape; its element count must equal {@code values.length}
   * @return the tensor
   */
  public TensorRef constant(String name, float[] values, int... shape) {
    checkCount(name, values.length, shape);
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      data.putFloat(value);
    }
    return addTensor(name, TensorType.FLOAT32, shape, addBuffer(data.array()), null);
  }

  /**
   * Adds an {@code INT32} constant, such as a shape or a quantized bias.
   *
   * @param name the tensor's name
   * @param values the values in row-major order
   * @param shape the shape; its element count must equal {@code values.length}
   * @return the tensor
   */
  public TensorRef constantInt32(String name, int[] values, int... shape) {
    checkCount(name, values.length, shape);
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int value : values) {
      data.putInt(value);
    }
    return addTensor(name, TensorType.INT32, shape, addBuffer(data.array()), null);
  }

  /**
   * Adds a quantized 8-bit constant ({@code INT8} or {@code UINT8}).
   *
   * @param name the tensor's name
   * @param type {@code INT8} or {@code UINT8}
   * @param values the stored values in row-major order
   * @param quantization per-tensor or per-channel scales and zero points
   * @param shape the shape; its element count must equal {@code values.length}
   * @return the tensor
   */
  public TensorRef quantizedConstant(
      String name, TensorType type, byte[] values, QuantizationInfo quantization, int... shape) {
    if (type != TensorType.INT8 && type != TensorType.UINT8) {
      throw new IllegalArgumentException(
          "quantized constant '" + name + "' must be INT8 or UINT8 but was " + type);
    }
    checkCount(name, values.length, shape);
    if (quantization.perChannel()) {
      int dim = quantization.quantizedDimension();
      if (dim >= shape.length || shape[dim] != quantization.scales().size()) {
        throw new IllegalArgumentException(
            "quantized constant '"
                + name
                + "' has "
                + quantization.scales().size()
                + " scales but dimension "
                + dim
                + " of shape "
                + Arrays.toString(shape)
                + " does not match");
      }
    }
    return addTensor(
        name, type, shape, addBuffer(values.clone()), Objects.requireNonNull(quantization));
  }

  /**
   * Adds a variable (state) tensor, such as an LSTM's output or cell state: the runtime allocates
   * it once and keeps its value across invocations.
   *
   * @param name the tensor's name
   * @param type the element type
   * @param quantization the scale and zero point, or {@code null} for a float tensor
   * @param shape the shape
   * @return the tensor
   */
  public TensorRef variable(
      String name, TensorType type, QuantizationInfo quantization, int... shape) {
    TensorRef ref = addTensor(name, type, shape, 0, quantization);
    tensors.get(ref.index()).setIsVariable(true);
    return ref;
  }

  /**
   * Adds a {@code FLOAT32} matrix constant stored sparse, as the TFLite converter stores pruned
   * weights when sparsity is enabled: traversal order {@code [0, 1]}, rows {@code DENSE}, columns
   * {@code SPARSE_CSR} with {@code array_segments} and {@code array_indices} in the smallest
   * unsigned vector type that holds them, and only the nonzero values in the buffer. Feed it to a
   * {@link #densify(TensorRef, TensorRef)}.
   *
   * @param name the tensor's name
   * @param values the dense values in row-major order, with at least one nonzero
   * @param rows the number of rows
   * @param columns the number of columns
   * @return the tensor
   */
  public TensorRef sparseConstant(String name, float[] values, int rows, int columns) {
    checkCount(name, values.length, new int[] {rows, columns});
    int[] segments = new int[rows + 1];
    List<Integer> columnIndices = new ArrayList<>();
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        float value = values[r * columns + c];
        if (value != 0f) {
          data.putFloat(value);
          columnIndices.add(c);
        }
      }
      segments[r + 1] = columnIndices.size();
    }
    byte[] stored = Arrays.copyOf(data.array(), data.position());
    TensorRef ref =
        addTensor(name, TensorType.FLOAT32, new int[] {rows, columns}, addBuffer(stored), null);
    DimensionMetadataT dense = new DimensionMetadataT();
    dense.setFormat(DimensionType.DENSE);
    dense.setDenseSize(rows);
    DimensionMetadataT csr = new DimensionMetadataT();
    csr.setFormat(DimensionType.SPARSE_CSR);
    csr.setArraySegments(indexVector(segments));
    csr.setArrayIndices(indexVector(columnIndices.stream().mapToInt(Integer::intValue).toArray()));
    SparsityParametersT sparsity = new SparsityParametersT();
    sparsity.setTraversalOrder(new int[] {0, 1});
    sparsity.setBlockMap(new int[0]);
    sparsity.setDimMetadata(new DimensionMetadataT[] {dense, csr});
    tensors.get(ref.index()).setSparsity(sparsity);
    return ref;
  }

  private static SparseIndexVectorUnion indexVector(int[] values) {
    int max = Arrays.stream(values).max().orElse(0);
    SparseIndexVectorUnion union = new SparseIndexVectorUnion();
    if (max <= 0xff) {
      Uint8VectorT vector = new Uint8VectorT();
      vector.setValues(values);
      union.setType(SparseIndexVector.Uint8Vector);
      union.setValue(vector);
    } else if (max <= 0xffff) {
      Uint16VectorT vector = new Uint16VectorT();
      vector.setValues(values);
      union.setType(SparseIndexVector.Uint16Vector);
      union.setValue(vector);
    } else {
      Int32VectorT vector = new Int32VectorT();
      vector.setValues(values);
      union.setType(SparseIndexVector.Int32Vector);
      union.setValue(vector);
    }
    return union;
  }

  /**
   * Adds a {@code DENSIFY}: the dense form of a sparse constant.
   *
   * @param input the sparse constant
   * @param output the dense tensor
   * @return this builder
   */
  public TfliteModelBuilder densify(TensorRef input, TensorRef output) {
    return operator(
        BuiltinOperator.DENSIFY,
        1,
        union(BuiltinOptions.DensifyOptions, new DensifyOptionsT()),
        List.of(input),
        List.of(output));
  }

  /**
   * Marks tensors as subgraph outputs, in order.
   *
   * @param tensors the outputs
   * @return this builder
   */
  public TfliteModelBuilder output(TensorRef... tensors) {
    outputs.addAll(Arrays.asList(tensors));
    return this;
  }

  /**
   * Adds a {@code CONV_2D}: NHWC input, OHWI filter, one bias per output channel.
   *
   * <p>With a float input and an {@code INT8} filter this is a hybrid convolution; its version is
   * set accordingly (2 per-tensor, 5 per-channel).
   *
   * @param input the input, NHWC
   * @param filter the filter, OHWI
   * @param bias the bias, one per output channel
   * @param output the output, NHWC
   * @param padding the padding
   * @param stride the stride in both directions
   * @param activation the fused activation
   * @return this builder
   */
  public TfliteModelBuilder conv2d(
      TensorRef input,
      TensorRef filter,
      TensorRef bias,
      TensorRef output,
      Padding padding,
      int stride,
      Activation activation) {
    Conv2DOptionsT options = new Conv2DOptionsT();
    options.setPadding(padding.code());
    options.setStrideW(stride);
    options.setStrideH(stride);
    options.setDilationWFactor(1);
    options.setDilationHFactor(1);
    options.setFusedActivationFunction(activation.code());
    int version = 1;
    if (isFloat(input) && filter.type() == TensorType.INT8) {
      version = isPerChannel(filter) ? 5 : 2;
    }
    return operator(
        BuiltinOperator.CONV_2D,
        version,
        union(BuiltinOptions.Conv2DOptions, options),
        List.of(input, filter, bias),
        List.of(output));
  }

  /**
   * Adds a {@code MAX_POOL_2D} with a square window.
   *
   * @param input the input, NHWC
   * @param output the output, NHWC
   * @param padding the padding
   * @param filterSize the window's width and height
   * @param stride the stride in both directions
   * @return this builder
   */
  public TfliteModelBuilder maxPool2d(
      TensorRef input, TensorRef output, Padding padding, int filterSize, int stride) {
    return pool(BuiltinOperator.MAX_POOL_2D, input, output, padding, filterSize, stride);
  }

  /**
   * Adds an {@code AVERAGE_POOL_2D} with a square window.
   *
   * @param input the input, NHWC
   * @param output the output, NHWC
   * @param padding the padding
   * @param filterSize the window's width and height
   * @param stride the stride in both directions
   * @return this builder
   */
  public TfliteModelBuilder averagePool2d(
      TensorRef input, TensorRef output, Padding padding, int filterSize, int stride) {
    return pool(BuiltinOperator.AVERAGE_POOL_2D, input, output, padding, filterSize, stride);
  }

  private TfliteModelBuilder pool(
      int code, TensorRef input, TensorRef output, Padding padding, int filterSize, int stride) {
    Pool2DOptionsT options = new Pool2DOptionsT();
    options.setPadding(padding.code());
    options.setStrideW(stride);
    options.setStrideH(stride);
    options.setFilterWidth(filterSize);
    options.setFilterHeight(filterSize);
    options.setFusedActivationFunction(Activation.NONE.code());
    return operator(
        code, 1, union(BuiltinOptions.Pool2DOptions, options), List.of(input), List.of(output));
  }

  /**
   * Adds a {@code RESHAPE} whose target shape is an {@code INT32} constant (which may hold -1).
   *
   * @param input the input
   * @param newShape the target shape, an {@code INT32} constant
   * @param output the output
   * @return this builder
   */
  public TfliteModelBuilder reshape(TensorRef input, TensorRef newShape, TensorRef output) {
    ReshapeOptionsT options = new ReshapeOptionsT();
    return operator(
        BuiltinOperator.RESHAPE,
        1,
        union(BuiltinOptions.ReshapeOptions, options),
        List.of(input, newShape),
        List.of(output));
  }

  /**
   * Adds a {@code FULLY_CONNECTED}: weights are {@code [outputs, inputs]}.
   *
   * @param input the input, {@code [batch, inputs]}
   * @param weights the weights, {@code [outputs, inputs]}
   * @param bias the bias, one per output
   * @param output the output, {@code [batch, outputs]}
   * @param activation the fused activation
   * @return this builder
   */
  public TfliteModelBuilder fullyConnected(
      TensorRef input, TensorRef weights, TensorRef bias, TensorRef output, Activation activation) {
    return fullyConnected(input, weights, bias, output, activation, false);
  }

  /**
   * Adds a {@code FULLY_CONNECTED}, choosing how a hybrid kernel quantizes its float input.
   *
   * <p>With a float input and {@code INT8} weights the version follows TFLite's rules: 3 for
   * per-tensor weights, 9 with asymmetric input quantization, 12 for per-channel weights.
   *
   * @param input the input, {@code [batch, inputs]}
   * @param weights the weights, {@code [outputs, inputs]}
   * @param bias the bias, one per output
   * @param output the output, {@code [batch, outputs]}
   * @param activation the fused activation
   * @param asymmetricQuantizeInputs whether a hybrid kernel quantizes inputs asymmetrically
   * @return this builder
   */
  public TfliteModelBuilder fullyConnected(
      TensorRef input,
      TensorRef weights,
      TensorRef bias,
      TensorRef output,
      Activation activation,
      boolean asymmetricQuantizeInputs) {
    FullyConnectedOptionsT options = new FullyConnectedOptionsT();
    options.setFusedActivationFunction(activation.code());
    options.setAsymmetricQuantizeInputs(asymmetricQuantizeInputs);
    int version = 1;
    if (isFloat(input) && weights.type() == TensorType.INT8) {
      version = isPerChannel(weights) ? 12 : asymmetricQuantizeInputs ? 9 : 3;
    }
    return operator(
        BuiltinOperator.FULLY_CONNECTED,
        version,
        union(BuiltinOptions.FullyConnectedOptions, options),
        List.of(input, weights, bias),
        List.of(output));
  }

  /**
   * Adds a {@code LOGISTIC} (sigmoid).
   *
   * @param input the input
   * @param output the output
   * @return this builder
   */
  public TfliteModelBuilder logistic(TensorRef input, TensorRef output) {
    return operator(BuiltinOperator.LOGISTIC, 1, null, List.of(input), List.of(output));
  }

  /**
   * Adds a {@code SOFTMAX} over the last dimension. A quantized softmax needs the output scale
   * 1/256 (zero point -128 for {@code INT8}, 0 for {@code UINT8}).
   *
   * @param input the input
   * @param output the output
   * @param beta the inverse temperature, usually 1
   * @return this builder
   */
  public TfliteModelBuilder softmax(TensorRef input, TensorRef output, float beta) {
    SoftmaxOptionsT options = new SoftmaxOptionsT();
    options.setBeta(beta);
    return operator(
        BuiltinOperator.SOFTMAX,
        input.type() == TensorType.INT8 ? 2 : 1,
        union(BuiltinOptions.SoftmaxOptions, options),
        List.of(input),
        List.of(output));
  }

  /**
   * Adds a {@code DEQUANTIZE} from a quantized tensor to a float one.
   *
   * @param input the quantized input
   * @param output the float output
   * @return this builder
   */
  public TfliteModelBuilder dequantize(TensorRef input, TensorRef output) {
    int version = input.type() == TensorType.INT8 ? 2 : 1;
    return operator(
        BuiltinOperator.DEQUANTIZE,
        version,
        union(BuiltinOptions.DequantizeOptions, new DequantizeOptionsT()),
        List.of(input),
        List.of(output));
  }

  /**
   * Adds a {@code QUANTIZE}: float to quantized, or a requantization between quantized types (e.g.
   * an {@code INT8} softmax to a {@code UINT8} model output, as full-integer converters write it).
   *
   * @param input the float or quantized input
   * @param output the quantized output
   * @return this builder
   */
  public TfliteModelBuilder quantize(TensorRef input, TensorRef output) {
    return operator(
        BuiltinOperator.QUANTIZE,
        input.type() == TensorType.FLOAT32 && output.type() == TensorType.UINT8 ? 1 : 2,
        union(BuiltinOptions.QuantizeOptions, new QuantizeOptionsT()),
        List.of(input),
        List.of(output));
  }

  /**
   * Adds a {@code STRIDED_SLICE} with its begin, end and strides as {@code INT32} constants.
   *
   * @param input the input
   * @param begin the start of each dimension
   * @param end the end of each dimension (exclusive)
   * @param strides the stride of each dimension
   * @param beginMask dimensions whose {@code begin} is ignored, as bits
   * @param endMask dimensions whose {@code end} is ignored, as bits
   * @param shrinkAxisMask dimensions removed from the output, as bits
   * @param output the output
   * @return this builder
   */
  public TfliteModelBuilder stridedSlice(
      TensorRef input,
      int[] begin,
      int[] end,
      int[] strides,
      int beginMask,
      int endMask,
      int shrinkAxisMask,
      TensorRef output) {
    StridedSliceOptionsT options = new StridedSliceOptionsT();
    options.setBeginMask(beginMask);
    options.setEndMask(endMask);
    options.setShrinkAxisMask(shrinkAxisMask);
    TensorRef b = constantInt32(output.name() + "/begin", begin, begin.length);
    TensorRef e = constantInt32(output.name() + "/end", end, end.length);
    TensorRef s = constantInt32(output.name() + "/strides", strides, strides.length);
    return operator(
        BuiltinOperator.STRIDED_SLICE,
        1,
        union(BuiltinOptions.StridedSliceOptions, options),
        List.of(input, b, e, s),
        List.of(output));
  }

  /**
   * Adds a {@code UNIDIRECTIONAL_SEQUENCE_LSTM} as the converter writes a Keras {@code LSTM}: batch
   * major, tanh, four gates with input and recurrent weights and biases, no peepholes, projection
   * or layer normalisation (those 8 optional inputs are omitted, index -1), and the output and cell
   * state as {@link #variable variable tensors}, which the kernel reads at the start of each
   * invocation and overwrites at its end.
   *
   * @param input the input sequence, {@code [batch, time, features]}
   * @param inputWeights the input weights of the input, forget, cell and output gates, each {@code
   *     [units, features]}
   * @param recurrentWeights the recurrent weights of the four gates, each {@code [units, units]}
   * @param biases the biases of the four gates, each {@code [units]}
   * @param outputState the output state, a variable {@code [batch, units]}
   * @param cellState the cell state, a variable {@code [batch, units]}
   * @param output the output sequence, {@code [batch, time, units]}
   * @return this builder
   */
  public TfliteModelBuilder unidirectionalSequenceLstm(
      TensorRef input,
      List<TensorRef> inputWeights,
      List<TensorRef> recurrentWeights,
      List<TensorRef> biases,
      TensorRef outputState,
      TensorRef cellState,
      TensorRef output) {
    if (inputWeights.size() != 4 || recurrentWeights.size() != 4 || biases.size() != 4) {
      throw new IllegalArgumentException(
          "an LSTM needs 4 input weights, 4 recurrent weights and 4 biases (input, forget, cell,"
              + " output gate) but got "
              + inputWeights.size()
              + ", "
              + recurrentWeights.size()
              + " and "
              + biases.size());
    }
    UnidirectionalSequenceLSTMOptionsT options = new UnidirectionalSequenceLSTMOptionsT();
    options.setFusedActivationFunction(Activation.TANH.code());
    options.setTimeMajor(false);
    List<TensorRef> none = List.of();
    int[] operands = new int[24];
    Arrays.fill(operands, -1);
    operands[0] = indices(List.of(input))[0];
    int[] in = indices(inputWeights);
    int[] rec = indices(recurrentWeights);
    int[] bias = indices(biases);
    System.arraycopy(in, 0, operands, 1, 4);
    System.arraycopy(rec, 0, operands, 5, 4);
    System.arraycopy(bias, 0, operands, 12, 4);
    operands[18] = indices(List.of(outputState))[0];
    operands[19] = indices(List.of(cellState))[0];
    operator(
        BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_LSTM,
        1,
        union(BuiltinOptions.UnidirectionalSequenceLSTMOptions, options),
        none,
        List.of(output));
    operators.get(operators.size() - 1).setInputs(operands);
    return this;
  }

  /**
   * Adds any builtin operator. Typed methods above are easier; this one reaches the rest.
   *
   * @param builtinCode the {@link BuiltinOperator} code
   * @param version the operator version
   * @param options the builtin options, or {@code null} for an operator without options
   * @param inputs the inputs, in the operator's order
   * @param outputs the outputs
   * @return this builder
   */
  public TfliteModelBuilder operator(
      int builtinCode,
      int version,
      BuiltinOptionsUnion options,
      List<TensorRef> inputs,
      List<TensorRef> outputs) {
    OperatorT op = new OperatorT();
    op.setOpcodeIndex(operatorCodeIndex(builtinCode, null, version));
    op.setInputs(operatorInputs(inputs));
    op.setOutputs(indices(outputs));
    op.setBuiltinOptions(options == null ? new BuiltinOptionsUnion() : options);
    operators.add(op);
    return this;
  }

  /**
   * Adds a custom operator (no options).
   *
   * @param customCode the custom op's name
   * @param version the operator version
   * @param inputs the inputs
   * @param outputs the outputs
   * @return this builder
   */
  public TfliteModelBuilder customOperator(
      String customCode, int version, List<TensorRef> inputs, List<TensorRef> outputs) {
    OperatorT op = new OperatorT();
    op.setOpcodeIndex(operatorCodeIndex(BuiltinOperator.CUSTOM, customCode, version));
    op.setInputs(operatorInputs(inputs));
    op.setOutputs(indices(outputs));
    op.setBuiltinOptions(new BuiltinOptionsUnion());
    operators.add(op);
    return this;
  }

  /**
   * Serializes the model to flatbuffer bytes without verifying them.
   *
   * @return the {@code .tflite} bytes
   */
  public byte[] toBytes() {
    if (inputs.isEmpty() || outputs.isEmpty()) {
      throw new IllegalStateException(
          "a model needs at least one input and one output; found "
              + inputs.size()
              + " inputs and "
              + outputs.size()
              + " outputs");
    }
    SubGraphT subgraph = new SubGraphT();
    subgraph.setName("main");
    subgraph.setTensors(tensors.toArray(TensorT[]::new));
    subgraph.setInputs(indices(inputs));
    subgraph.setOutputs(indices(outputs));
    subgraph.setOperators(operators.toArray(OperatorT[]::new));

    SignatureDefT signature = new SignatureDefT();
    signature.setSignatureKey(SIGNATURE_KEY);
    signature.setSubgraphIndex(0);
    signature.setInputs(
        inputs.stream().map(TfliteModelBuilder::tensorMap).toArray(TensorMapT[]::new));
    signature.setOutputs(
        outputs.stream().map(TfliteModelBuilder::tensorMap).toArray(TensorMapT[]::new));

    ModelT model = new ModelT();
    model.setVersion(SCHEMA_VERSION);
    model.setDescription(description);
    model.setOperatorCodes(operatorCodeList.toArray(OperatorCodeT[]::new));
    model.setSubgraphs(new SubGraphT[] {subgraph});
    model.setBuffers(buffers.toArray(BufferT[]::new));
    model.setMetadata(metadata.toArray(MetadataT[]::new));
    model.setSignatureDefs(new SignatureDefT[] {signature});
    return model.serializeToBinary();
  }

  /**
   * Serializes and verifies the model.
   *
   * @param name the model's name
   * @return the model
   * @throws InvalidModelException if the result does not verify
   */
  public TfliteModel build(String name) {
    return TfliteModel.fromBytes(name, toBytes());
  }

  /**
   * Builds the {@code min_runtime_version} metadata value the TFLite converter writes.
   *
   * @param version e.g. {@code "1.14.0"}
   * @return the bytes to pass to {@link #metadata(String, byte[])}
   */
  public static byte[] minRuntimeVersion(String version) {
    return version.getBytes(StandardCharsets.US_ASCII);
  }

  private static TensorMapT tensorMap(TensorRef ref) {
    TensorMapT map = new TensorMapT();
    map.setName(ref.name());
    map.setTensorIndex(ref.index());
    return map;
  }

  private TensorRef addTensor(
      String name, TensorType type, int[] shape, long buffer, QuantizationInfo quantization) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    TensorT tensor = new TensorT();
    tensor.setName(name);
    tensor.setType((byte) type.code());
    int[] staticShape = shape.clone();
    boolean dynamic = false;
    for (int i = 0; i < staticShape.length; i++) {
      if (staticShape[i] == -1) {
        staticShape[i] = 1;
        dynamic = true;
      } else if (staticShape[i] < 0) {
        throw new IllegalArgumentException(
            "tensor '"
                + name
                + "' has an invalid dimension "
                + shape[i]
                + " in "
                + Arrays.toString(shape));
      }
    }
    tensor.setShape(staticShape);
    if (dynamic) {
      tensor.setShapeSignature(shape.clone());
    }
    tensor.setBuffer(buffer);
    tensor.setQuantization(quantizationParameters(quantization));
    tensors.add(tensor);
    TensorRef ref =
        new TensorRef(tensors.size() - 1, name, type, Arrays.stream(shape).boxed().toList());
    refs.add(ref);
    return ref;
  }

  private static QuantizationParametersT quantizationParameters(QuantizationInfo quantization) {
    QuantizationParametersT params = new QuantizationParametersT();
    if (quantization == null) {
      return params;
    }
    float[] scales = new float[quantization.scales().size()];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = quantization.scales().get(i);
    }
    params.setScale(scales);
    params.setZeroPoint(quantization.zeroPoints().stream().mapToLong(Long::longValue).toArray());
    params.setQuantizedDimension(quantization.quantizedDimension());
    if (!quantization.min().isEmpty()) {
      params.setMin(toFloats(quantization.min()));
      params.setMax(toFloats(quantization.max()));
    }
    return params;
  }

  private static float[] toFloats(List<Float> values) {
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = values.get(i);
    }
    return floats;
  }

  private long addBuffer(byte[] data) {
    if (data.length == 0) {
      // TFLite 2.21 rejects a buffer whose data vector is present but empty.
      throw new IllegalArgumentException("a constant buffer must not be empty");
    }
    BufferT buffer = new BufferT();
    int[] unsigned = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      unsigned[i] = data[i] & 0xff;
    }
    buffer.setData(unsigned);
    buffers.add(buffer);
    return buffers.size() - 1;
  }

  private int operatorCodeIndex(int builtinCode, String customCode, int version) {
    if (version < 1) {
      throw new IllegalArgumentException("operator versions start at 1 but was " + version);
    }
    String key = builtinCode + "/" + customCode + "/" + version;
    return operatorCodes.computeIfAbsent(
        key,
        k -> {
          OperatorCodeT code = new OperatorCodeT();
          code.setBuiltinCode(builtinCode);
          code.setDeprecatedBuiltinCode(
              (byte)
                  (OperatorCode.fitsDeprecatedField(builtinCode)
                      ? builtinCode
                      : BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES));
          code.setCustomCode(customCode);
          code.setVersion(version);
          operatorCodeList.add(code);
          return operatorCodeList.size() - 1;
        });
  }

  private int[] operatorInputs(List<TensorRef> list) {
    int[] indices = new int[list.size()];
    for (int i = 0; i < indices.length; i++) {
      TensorRef ref = list.get(i);
      indices[i] = ref == OMITTED ? -1 : indices(List.of(ref))[0];
    }
    return indices;
  }

  private int[] indices(List<TensorRef> list) {
    int[] indices = new int[list.size()];
    for (int i = 0; i < indices.length; i++) {
      TensorRef ref = list.get(i);
      if (ref.index() < 0 || ref.index() >= refs.size() || !refs.get(ref.index()).equals(ref)) {
        throw new IllegalArgumentException(
            "tensor '" + ref.name() + "' was not added to this builder");
      }
      indices[i] = ref.index();
    }
    return indices;
  }

  private static void checkCount(String name, int count, int[] shape) {
    long expected = 1;
    for (int dim : shape) {
      expected *= dim;
    }
    if (expected != count) {
      throw new IllegalArgumentException(
          "constant '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + " ("
              + expected
              + " elements) but "
              + count
              + " values were given");
    }
  }

  private static boolean isFloat(TensorRef ref) {
    return ref.type() == TensorType.FLOAT32;
  }

  private boolean isPerChannel(TensorRef ref) {
    QuantizationParametersT q = tensors.get(ref.index()).getQuantization();
    return q != null && q.getScale() != null && q.getScale().length > 1;
  }

  private static BuiltinOptionsUnion union(byte type, Object value) {
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    union.setType(type);
    union.setValue(value);
    return union;
  }
}
