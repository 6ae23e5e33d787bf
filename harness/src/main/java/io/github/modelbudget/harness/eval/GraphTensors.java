package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.format.OperatorCode;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * The operators of a model's main subgraph that compute something, with the tensors they write.
 * {@code QUANTIZE}, {@code DEQUANTIZE} and {@code DENSIFY} only change how a value is stored, so
 * they are left out: what remains lines up operator by operator between a float model and its
 * quantized or sparse variants.
 */
final class GraphTensors {

  /** A computing operator and the tensor indices it writes. */
  record Layer(int index, String operator, int[] outputs) {}

  private final TfliteModel model;
  private final ModelT schema;
  private final List<Layer> layers;

  private GraphTensors(TfliteModel model) {
    this.model = model;
    this.schema = model.schema();
    if (schema.getSubgraphs().length == 0) {
      throw new GraphMismatchException(model.origin() + " has no subgraph to compare");
    }
    SubGraphT main = schema.getSubgraphs()[0];
    if (main.getInputs().length != 1) {
      throw new GraphMismatchException(
          model.origin()
              + ": a per-layer comparison needs a model with one input but it has "
              + main.getInputs().length);
    }
    List<Layer> found = new ArrayList<>();
    for (OperatorT op : main.getOperators()) {
      OperatorCodeT code = schema.getOperatorCodes()[(int) op.getOpcodeIndex()];
      int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
      if (builtin == BuiltinOperator.QUANTIZE
          || builtin == BuiltinOperator.DEQUANTIZE
          || builtin == BuiltinOperator.DENSIFY) {
        continue;
      }
      String name =
          builtin == BuiltinOperator.CUSTOM
              ? code.getCustomCode()
              : OperatorCode.builtinName(builtin);
      found.add(new Layer(found.size(), name, op.getOutputs()));
    }
    this.layers = List.copyOf(found);
  }

  static GraphTensors of(TfliteModel model) {
    return new GraphTensors(model);
  }

  TfliteModel model() {
    return model;
  }

  List<Layer> layers() {
    return layers;
  }

  TensorT tensor(int index) {
    return schema.getSubgraphs()[0].getTensors()[index];
  }

  TensorT input() {
    return tensor(schema.getSubgraphs()[0].getInputs()[0]);
  }

  /** Tells whether a tensor holds an activation the session can read as floats. */
  boolean readableActivation(int index) {
    if (index < 0) {
      return false;
    }
    TensorT tensor = tensor(index);
    int type = tensor.getType();
    boolean floatReadable =
        type == TensorType.FLOAT32.code()
            || type == TensorType.INT8.code()
            || type == TensorType.UINT8.code();
    return floatReadable && !constant(tensor) && !tensor.getIsVariable();
  }

  /** Returns the per-tensor quantization scale of a tensor, 0 if it is float or per channel. */
  float scale(int index) {
    TensorT tensor = tensor(index);
    if (tensor.getType() == TensorType.FLOAT32.code() || tensor.getQuantization() == null) {
      return 0f;
    }
    float[] scales = tensor.getQuantization().getScale();
    return scales != null && scales.length == 1 ? scales[0] : 0f;
  }

  static long elementsPerSample(TensorT tensor) {
    int[] shape = tensor.getShape();
    long count = 1;
    for (int dim : shape) {
      // A dynamic batch dimension is stored as 1, the batch the comparison runs at.
      count *= Math.max(dim, 1);
    }
    return count;
  }

  private boolean constant(TensorT tensor) {
    long buffer = tensor.getBuffer();
    if (buffer <= 0 || buffer >= schema.getBuffers().length) {
      return false;
    }
    BufferT data = schema.getBuffers()[(int) buffer];
    return data.getData() != null && data.getData().length > 0;
  }
}
