package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.OperatorCode;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.TensorT;

/** Reads tensors and runs models in tests. */
public final class Tensors {

  private Tensors() {}

  public static TensorT tensor(ModelT model, String name) {
    return Arrays.stream(model.getSubgraphs()[0].getTensors())
        .filter(t -> name.equals(t.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tensor named " + name));
  }

  public static int index(ModelT model, String name) {
    TensorT[] tensors = model.getSubgraphs()[0].getTensors();
    for (int i = 0; i < tensors.length; i++) {
      if (name.equals(tensors[i].getName())) {
        return i;
      }
    }
    throw new AssertionError("no tensor named " + name);
  }

  public static byte[] data(ModelT model, TensorT tensor) {
    return bytes(model.getBuffers()[(int) tensor.getBuffer()].getData());
  }

  /** Turns the object API's unsigned buffer values into bytes. */
  public static byte[] bytes(int[] data) {
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    return bytes;
  }

  public static float[] floats(ModelT model, String name) {
    byte[] bytes = data(model, tensor(model, name));
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /** Returns each operator as {@code NAME vN}, in execution order. */
  public static List<String> operators(ModelT model) {
    List<String> names = new ArrayList<>();
    for (OperatorT op : model.getSubgraphs()[0].getOperators()) {
      OperatorCodeT code = model.getOperatorCodes()[(int) op.getOpcodeIndex()];
      int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
      names.add(OperatorCode.builtinName(builtin) + " v" + code.getVersion());
    }
    return names;
  }

  public static OperatorT operatorReading(ModelT model, int tensor, int slot) {
    return Arrays.stream(model.getSubgraphs()[0].getOperators())
        .filter(op -> op.getInputs().length > slot && op.getInputs()[slot] == tensor)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operator reads tensor " + tensor));
  }

  /** Runs a single-input model on a batch and returns every output. */
  public static List<float[]> run(TfliteModel model, int batch, float[]... inputs) {
    return run(model, SessionOptions.defaults(), batch, inputs);
  }

  /** Runs a model with session options on a batch (0 keeps the model's shapes). */
  public static List<float[]> run(
      TfliteModel model, SessionOptions options, int batch, float[]... inputs) {
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession(options)) {
      if (batch > 0) {
        session.resizeBatch(batch);
      }
      for (int i = 0; i < inputs.length; i++) {
        session.setInput(i, inputs[i]);
      }
      session.invoke();
      List<float[]> outputs = new ArrayList<>();
      for (int o = 0; o < session.outputs().size(); o++) {
        outputs.add(session.output(o));
      }
      return outputs;
    }
  }

  public static float maxAbsDifference(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
