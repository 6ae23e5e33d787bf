package io.github.modelbudget.harness.fuzz;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.ConverterStyleModels;
import io.github.modelbudget.harness.testing.TestModels;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Turns fuzzer bytes into a well-formed {@code .tflite} file whose graph is mutated through the
 * schema's object API, so that mutations land on the graph's structure (what the flatbuffer
 * verifier does not check) instead of breaking the encoding.
 *
 * <p>The bytes are read as: one byte choosing a base model ({@link #BASES}, built in-process with
 * the structure converters write), then groups of four bytes {@code [kind, a, b, c]}, one mutation
 * each:
 *
 * <table>
 *   <caption>mutations</caption>
 *   <tr><th>kind % 11</th><th>mutation</th></tr>
 *   <tr><td>0 / 1</td><td>append a tensor index to / drop the last of operator {@code a}'s
 *       outputs</td></tr>
 *   <tr><td>2 / 3</td><td>the same for its inputs</td></tr>
 *   <tr><td>4</td><td>set input {@code b} of operator {@code a} to a tensor index</td></tr>
 *   <tr><td>5</td><td>set an enum of operator {@code a}'s options (padding, fused activation,
 *       weights format) to {@code c}</td></tr>
 *   <tr><td>6</td><td>set an integer of its options (strides, filter size, dilation, axis)</td></tr>
 *   <tr><td>7</td><td>point tensor {@code a} at buffer {@code b}</td></tr>
 *   <tr><td>8</td><td>set dimension {@code b} of tensor {@code a}'s shape</td></tr>
 *   <tr><td>9</td><td>point operator {@code a} at operator code {@code b}</td></tr>
 *   <tr><td>10</td><td>set entry {@code b} of the subgraph's inputs ({@code a} even) or outputs to
 *       a tensor index</td></tr>
 * </table>
 *
 * <p>Tensor indices range over the subgraph's tensors and one past each end ({@code -1} and {@code
 * tensors.length}), so out-of-range references are as likely as valid ones. The serialized model
 * keeps absent vectors absent, as real converters write them (an empty constant buffer is a
 * different, already-rejected model).
 */
final class GraphMutations {

  /** The base models, small enough for an invocation to take microseconds. */
  static final List<String> BASES =
      List.of("dense_sigmoid", "conv_stack", "hybrid_conv", "converter_dense");

  private static final int[] DIMENSIONS = {0, 1, 2, 3, -1, 7, 255, 1 << 16, Integer.MAX_VALUE};
  private static final int[] OPTION_INTS = {0, 1, 2, 3, -1, 255, 1 << 20};
  private static final List<String> ENUM_SETTERS =
      List.of("setPadding", "setFusedActivationFunction", "setWeightsFormat");
  private static final List<String> INT_SETTERS =
      List.of(
          "setStrideW",
          "setStrideH",
          "setFilterWidth",
          "setFilterHeight",
          "setDilationWFactor",
          "setDilationHFactor",
          "setAxis",
          "setDepthMultiplier");

  private GraphMutations() {}

  /** Returns the base model's bytes. */
  static byte[] base(int index) {
    TfliteModel model =
        switch (Math.floorMod(index, BASES.size())) {
          case 0 -> TestModels.denseSigmoid(4, 1).model();
          case 1 -> TestModels.convStack(8, 8, 2, 1).model();
          case 2 -> TestModels.hybridConv(6, 6, 1, 2, 1).model();
          default -> ConverterStyleModels.dynamicBatchDense(4, 1).model();
        };
    return model.bytes();
  }

  /**
   * Builds the mutated model described by the bytes.
   *
   * @param bytes the fuzzer's input
   * @return the serialized model
   */
  static byte[] apply(byte[] bytes) {
    if (bytes.length == 0) {
      return base(0);
    }
    ModelT model = ModelT.deserializeFromBinary(base(bytes[0]));
    SubGraphT graph = model.getSubgraphs()[0];
    for (int at = 1; at + 3 < bytes.length; at += 4) {
      mutate(
          model,
          graph,
          bytes[at] & 0xFF,
          bytes[at + 1] & 0xFF,
          bytes[at + 2] & 0xFF,
          bytes[at + 3] & 0xFF);
    }
    return serialize(model);
  }

  private static void mutate(ModelT model, SubGraphT graph, int kind, int a, int b, int c) {
    OperatorT[] ops = graph.getOperators();
    TensorT[] tensors = graph.getTensors();
    OperatorT op = ops.length == 0 ? null : ops[a % ops.length];
    int tensor = b % (tensors.length + 2) - 1;
    switch (kind % 11) {
      case 0 -> {
        if (op != null) {
          op.setOutputs(append(op.getOutputs(), tensor));
        }
      }
      case 1 -> {
        if (op != null) {
          op.setOutputs(dropLast(op.getOutputs()));
        }
      }
      case 2 -> {
        if (op != null) {
          op.setInputs(append(op.getInputs(), tensor));
        }
      }
      case 3 -> {
        if (op != null) {
          op.setInputs(dropLast(op.getInputs()));
        }
      }
      case 4 -> {
        if (op != null && op.getInputs().length > 0) {
          op.getInputs()[b % op.getInputs().length] = c % (tensors.length + 2) - 1;
        }
      }
      case 5 -> setOption(op, ENUM_SETTERS.get(b % ENUM_SETTERS.size()), byte.class, (byte) c);
      case 6 ->
          setOption(
              op,
              INT_SETTERS.get(b % INT_SETTERS.size()),
              int.class,
              OPTION_INTS[c % OPTION_INTS.length]);
      case 7 -> {
        if (tensors.length > 0) {
          BufferT[] buffers = model.getBuffers();
          tensors[a % tensors.length].setBuffer(b % (buffers.length + 2));
        }
      }
      case 8 -> {
        if (tensors.length > 0) {
          int[] shape = tensors[a % tensors.length].getShape();
          if (shape.length > 0) {
            shape[b % shape.length] = DIMENSIONS[c % DIMENSIONS.length];
          }
        }
      }
      case 9 -> {
        if (op != null) {
          op.setOpcodeIndex(b % (model.getOperatorCodes().length + 1));
        }
      }
      default -> {
        int[] io = a % 2 == 0 ? graph.getInputs() : graph.getOutputs();
        if (io.length > 0) {
          io[b % io.length] = c % (tensors.length + 2) - 1;
        }
      }
    }
  }

  /** Sets one field of an operator's builtin options, if its options have that field. */
  private static void setOption(OperatorT op, String setter, Class<?> type, Object value) {
    if (op == null || op.getBuiltinOptions() == null || op.getBuiltinOptions().getValue() == null) {
      return;
    }
    Object options = op.getBuiltinOptions().getValue();
    try {
      Method method = options.getClass().getMethod(setter, type);
      method.invoke(options, value);
    } catch (NoSuchMethodException absent) {
      // these options have no such field: the mutation is a no-op
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + setter + " on " + options.getClass(), e);
    }
  }

  private static int[] append(int[] values, int value) {
    int[] longer = Arrays.copyOf(values, values.length + 1);
    longer[values.length] = value;
    return longer;
  }

  private static int[] dropLast(int[] values) {
    return values.length == 0 ? values : Arrays.copyOf(values, values.length - 1);
  }

  /** Serializes with absent vectors absent: the object API unpacks them as empty arrays. */
  private static byte[] serialize(ModelT model) {
    for (BufferT buffer : model.getBuffers()) {
      if (buffer.getData() != null && buffer.getData().length == 0) {
        buffer.setData(null);
      }
    }
    if (model.getMetadataBuffer() != null && model.getMetadataBuffer().length == 0) {
      model.setMetadataBuffer(null);
    }
    for (SubGraphT graph : model.getSubgraphs()) {
      for (TensorT tensor : graph.getTensors()) {
        if (tensor.getShapeSignature() != null && tensor.getShapeSignature().length == 0) {
          tensor.setShapeSignature(null);
        }
      }
      for (OperatorT op : graph.getOperators()) {
        if (op.getCustomOptions() != null && op.getCustomOptions().length == 0) {
          op.setCustomOptions(null);
        }
        if (op.getIntermediates() != null && op.getIntermediates().length == 0) {
          op.setIntermediates(null);
        }
      }
    }
    return model.serializeToBinary();
  }
}
