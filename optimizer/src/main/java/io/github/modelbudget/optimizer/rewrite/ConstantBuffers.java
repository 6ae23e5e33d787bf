package io.github.modelbudget.optimizer.rewrite;

import io.github.modelbudget.harness.format.InvalidModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Reads and rewrites the data of constant tensors in an unpacked model ({@code ModelT}), for tools
 * that transform {@code .tflite} files, such as the pruner and the quantizer.
 */
public final class ConstantBuffers {

  private ConstantBuffers() {}

  /**
   * Tells whether a tensor holds constant data: it points at a buffer other than the sentinel, and
   * that buffer has bytes.
   *
   * @param model the unpacked model
   * @param tensor one of its tensors
   * @return {@code true} for a constant
   */
  public static boolean isConstant(ModelT model, TensorT tensor) {
    long buffer = tensor.getBuffer();
    if (buffer <= 0 || buffer >= model.getBuffers().length) {
      return false;
    }
    int[] data = model.getBuffers()[(int) buffer].getData();
    return data != null && data.length > 0;
  }

  /**
   * Returns a tensor's element count from its shape.
   *
   * @param tensor the tensor
   * @return the product of its dimensions
   */
  public static long elements(TensorT tensor) {
    long count = 1;
    for (int dim : tensor.getShape()) {
      count *= dim;
    }
    return count;
  }

  /**
   * Reads a constant FLOAT32 tensor.
   *
   * @param origin the model's origin, for messages
   * @param model the unpacked model
   * @param tensor a constant FLOAT32 tensor
   * @return its values
   * @throws io.github.modelbudget.harness.format.InvalidModelException if the buffer's size does
   *     not match the shape
   */
  public static float[] floats(String origin, ModelT model, TensorT tensor) {
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

  /**
   * Converts bytes to the unsigned values the schema's object API stores buffers as.
   *
   * @param values the bytes
   * @return one value in [0, 255] per byte
   */
  public static int[] unsigned(byte[] values) {
    int[] data = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i] & 0xff;
    }
    return data;
  }

  /**
   * Stores new data for a tensor: in its own buffer when nothing else (another tensor, a metadata
   * entry) uses it, otherwise in a new buffer, since converters deduplicate identical constants.
   *
   * @param model the unpacked model, changed in place
   * @param tensor the tensor whose data changes
   * @param data the new bytes, as unsigned values
   */
  public static void replace(ModelT model, TensorT tensor, int[] data) {
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

  /** Counts the tensors and metadata entries that point at a buffer. */
  static int references(ModelT model, int buffer) {
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

  /**
   * Stores new FLOAT32 values for a tensor, as {@link #replace} does.
   *
   * @param model the unpacked model, changed in place
   * @param tensor the tensor whose data changes
   * @param values the new values
   */
  public static void replaceFloats(ModelT model, TensorT tensor, float[] values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    replace(model, tensor, unsigned(bytes.array()));
  }
}
