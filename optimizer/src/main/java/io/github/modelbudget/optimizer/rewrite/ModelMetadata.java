package io.github.modelbudget.optimizer.rewrite;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.MetadataT;
import org.tensorflow.lite.schema.ModelT;

/**
 * Reads and writes the named metadata buffers of an unpacked model ({@code ModelT}), such as {@code
 * min_runtime_version} and {@code CONVERSION_METADATA}.
 */
public final class ModelMetadata {

  private ModelMetadata() {}

  /**
   * Returns the bytes of a metadata entry.
   *
   * @param model the unpacked model
   * @param name the entry's name
   * @return the bytes, or empty if there is no such entry or its buffer has no data
   */
  public static Optional<byte[]> read(ModelT model, String name) {
    return entry(model, name)
        .map(MetadataT::getBuffer)
        .filter(b -> b > 0 && b < model.getBuffers().length)
        .map(b -> model.getBuffers()[(int) (long) b].getData())
        .filter(data -> data != null && data.length > 0)
        .map(ModelMetadata::signed);
  }

  /**
   * Sets the bytes of a metadata entry: in the entry's own buffer when nothing else uses it, in a
   * new buffer otherwise; an entry that does not exist is added after the others.
   *
   * @param model the unpacked model, changed in place
   * @param name the entry's name
   * @param data the bytes, not empty (TFLite rejects models with an empty data vector)
   */
  public static void write(ModelT model, String name, byte[] data) {
    Objects.requireNonNull(name, "name");
    if (data.length == 0) {
      throw new IllegalArgumentException("metadata '" + name + "' must not be empty");
    }
    int[] unsigned = ConstantBuffers.unsigned(data);
    Optional<MetadataT> existing = entry(model, name);
    if (existing.isPresent()) {
      long buffer = existing.get().getBuffer();
      if (buffer > 0
          && buffer < model.getBuffers().length
          && ConstantBuffers.references(model, (int) buffer) == 1) {
        model.getBuffers()[(int) buffer].setData(unsigned);
      } else {
        existing.get().setBuffer(addBuffer(model, unsigned));
      }
      return;
    }
    MetadataT entry = new MetadataT();
    entry.setName(name);
    entry.setBuffer(addBuffer(model, unsigned));
    MetadataT[] current = model.getMetadata() == null ? new MetadataT[0] : model.getMetadata();
    MetadataT[] extended = Arrays.copyOf(current, current.length + 1);
    extended[current.length] = entry;
    model.setMetadata(extended);
  }

  private static Optional<MetadataT> entry(ModelT model, String name) {
    if (model.getMetadata() == null) {
      return Optional.empty();
    }
    return Arrays.stream(model.getMetadata()).filter(m -> name.equals(m.getName())).findFirst();
  }

  private static long addBuffer(ModelT model, int[] data) {
    BufferT buffer = new BufferT();
    buffer.setData(data);
    BufferT[] buffers = Arrays.copyOf(model.getBuffers(), model.getBuffers().length + 1);
    buffers[buffers.length - 1] = buffer;
    model.setBuffers(buffers);
    return buffers.length - 1;
  }

  private static byte[] signed(int[] data) {
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    return bytes;
  }
}
