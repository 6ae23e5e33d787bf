package io.github.modelbudget.optimizer.prune;

import io.github.modelbudget.harness.format.InvalidModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/** Reads and writes the float data of constant tensors in an unpacked model. */
final class WeightData {

  private WeightData() {}

  static boolean isConstant(ModelT model, TensorT tensor) {
    long buffer = tensor.getBuffer();
    if (buffer <= 0 || buffer >= model.getBuffers().length) {
      return false;
    }
    int[] data = model.getBuffers()[(int) buffer].getData();
    return data != null && data.length > 0;
  }

  static float[] read(String origin, ModelT model, TensorT tensor) {
    int[] data = model.getBuffers()[(int) tensor.getBuffer()].getData();
    long elements = 1;
    for (int dim : tensor.getShape()) {
      elements *= dim;
    }
    if (elements * Float.BYTES != data.length) {
      throw new InvalidModelException(
          origin,
          "FLOAT32 tensor '"
              + tensor.getName()
              + "' has shape "
              + Arrays.toString(tensor.getShape())
              + " ("
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

  /**
   * Stores new values for a tensor: in its own buffer when no other tensor shares it, otherwise in
   * a new buffer, since converters deduplicate identical constants into one buffer.
   */
  static void write(ModelT model, TensorT tensor, float[] values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    int[] data = new int[bytes.capacity()];
    for (int i = 0; i < data.length; i++) {
      data[i] = bytes.get(i) & 0xff;
    }
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
    return count;
  }
}
