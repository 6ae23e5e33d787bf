package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.InvalidModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/** Reads and writes the data of constant tensors in an unpacked model. */
final class ConstantData {

  private ConstantData() {}

  static boolean isConstant(ModelT model, TensorT tensor) {
    long buffer = tensor.getBuffer();
    if (buffer <= 0 || buffer >= model.getBuffers().length) {
      return false;
    }
    int[] data = model.getBuffers()[(int) buffer].getData();
    return data != null && data.length > 0;
  }

  static long elements(TensorT tensor) {
    long count = 1;
    for (int dim : tensor.getShape()) {
      count *= dim;
    }
    return count;
  }

  static float[] floats(String origin, ModelT model, TensorT tensor) {
    int[] data = model.getBuffers()[(int) tensor.getBuffer()].getData();
    long elements = elements(tensor);
    if (elements * Float.BYTES != data.length) {
      throw new InvalidModelException(
          origin,
          "FLOAT32 tensor '"
              + tensor.getName()
              + "' has shape "
              + Arrays.toString(tensor.getShape())
              + " ("
              + elements
              + " elements, "
              + elements * Float.BYTES
              + " bytes) but its buffer holds "
              + data.length
              + " bytes");
    }
    ByteBuffer bytes = ByteBuffer.allocate(data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int b : data) {
      bytes.put((byte) b);
    }
    bytes.flip();
    float[] values = new float[(int) elements];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  static int[] unsigned(byte[] values) {
    int[] data = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i] & 0xff;
    }
    return data;
  }

  /**
   * Stores new data for a tensor: in its own buffer when no other tensor shares it, otherwise in a
   * new buffer, since converters deduplicate identical constants into one buffer.
   */
  static void replace(ModelT model, TensorT tensor, int[] data) {
    int index = (int) tensor.getBuffer();
    if (references(model, index) == 1) {
      model.getBuffers()[index].setData(data);
      return;
    }
    BufferT buffer = new BufferT();
    buffer.setData(data);
    BufferT[] buffers = Arrays.copyOf(model.getBuffers(), model.getBuffers().length + 1);
    buffers[buffers.length - 1] = buffer;
    model.setBuffers(buffers);
    tensor.setBuffer(buffers.length - 1);
  }

  private static int references(ModelT model, int buffer) {
    int count = 0;
    for (SubGraphT subgraph : model.getSubgraphs()) {
      for (TensorT tensor : subgraph.getTensors()) {
        if (tensor.getBuffer() == buffer) {
          count++;
        }
      }
    }
    if (model.getMetadata() != null) {
      count +=
          (int) Arrays.stream(model.getMetadata()).filter(m -> m.getBuffer() == buffer).count();
    }
    return count;
  }
}
