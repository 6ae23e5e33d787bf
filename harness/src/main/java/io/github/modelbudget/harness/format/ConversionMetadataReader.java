package io.github.modelbudget.harness.format;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@code CONVERSION_METADATA} buffer, laid out as TFLite's {@code
 * conversion_metadata.fbs} says. The official schema classes do not include that schema, so its
 * four tables are read here through flatbuffers' {@link Table} accessors.
 *
 * <p>The TFLite verifier does not look inside metadata buffers, so every offset is bounds-checked
 * by the buffer and a bad one ends as an exception the caller reports, never a huge allocation.
 */
final class ConversionMetadataReader {

  private ConversionMetadataReader() {}

  /**
   * Decodes the buffer.
   *
   * @param bytes the metadata buffer's contents
   * @return the metadata
   * @throws IllegalArgumentException if the bytes are not a valid {@code ConversionMetadata}
   */
  static ConversionMetadata read(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (bytes.length < 4) {
        throw new IllegalArgumentException("it holds only " + bytes.length + " bytes");
      }
      Root root = new Root();
      root.init(buffer.getInt(0), buffer);
      Environment environment = root.table(0, new Environment());
      Options options = root.table(1, new Options());
      List<String> modes = new ArrayList<>();
      List<List<Long>> blocks = new ArrayList<>();
      if (options != null) {
        for (int mode : options.ints(0)) {
          modes.add(ConversionMetadata.optimizationModeName(mode));
        }
        int blockCount = options.vectorLength(4);
        for (int i = 0; i < blockCount; i++) {
          BlockSize block = options.tableAt(4, i, new BlockSize());
          List<Long> values = new ArrayList<>();
          for (int value : block.ints(0)) {
            values.add(Integer.toUnsignedLong(value));
          }
          blocks.add(values);
        }
      }
      return new ConversionMetadata(
          environment == null ? "" : environment.string(0),
          environment == null ? 0 : Integer.toUnsignedLong(environment.scalarInt(1)),
          ConversionMetadata.modelTypeName(environment == null ? 0 : environment.scalarInt(2)),
          modes,
          options != null && options.bool(1),
          options != null && options.bool(2),
          options != null && options.bool(3),
          blocks);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "an offset points outside its " + bytes.length + " bytes", e);
    }
  }

  /** A table whose fields are read by their index in the schema. */
  private abstract static class Fields extends Table {

    void init(int position, ByteBuffer buffer) {
      if (position < 0 || position >= buffer.limit()) {
        throw new IllegalArgumentException("a table offset " + position + " is out of range");
      }
      __reset(position, buffer);
    }

    private int offset(int field) {
      return __offset(4 + 2 * field);
    }

    int scalarInt(int field) {
      int o = offset(field);
      return o == 0 ? 0 : bb.getInt(o + bb_pos);
    }

    boolean bool(int field) {
      int o = offset(field);
      return o != 0 && bb.get(o + bb_pos) != 0;
    }

    String string(int field) {
      int o = offset(field);
      if (o == 0) {
        return "";
      }
      int start = o + bb_pos;
      start += bb.getInt(start);
      int length = bb.getInt(start);
      if (length < 0 || length > bb.limit() - start - 4) {
        throw new IllegalArgumentException("a string of " + length + " bytes does not fit");
      }
      byte[] text = new byte[length];
      bb.get(start + 4, text);
      return new String(text, StandardCharsets.UTF_8);
    }

    int vectorLength(int field) {
      int o = offset(field);
      if (o == 0) {
        return 0;
      }
      int length = __vector_len(o);
      if (length < 0 || (long) length * 4 > bb.limit() - __vector(o)) {
        throw new IllegalArgumentException("a vector of " + length + " entries does not fit");
      }
      return length;
    }

    int[] ints(int field) {
      int length = vectorLength(field);
      int[] values = new int[length];
      if (length > 0) {
        int start = __vector(offset(field));
        for (int i = 0; i < length; i++) {
          values[i] = bb.getInt(start + 4 * i);
        }
      }
      return values;
    }

    <T extends Fields> T table(int field, T table) {
      int o = offset(field);
      if (o == 0) {
        return null;
      }
      table.init(__indirect(o + bb_pos), bb);
      return table;
    }

    <T extends Fields> T tableAt(int field, int index, T table) {
      int element = __vector(offset(field)) + 4 * index;
      table.init(__indirect(element), bb);
      return table;
    }
  }

  /** {@code table ConversionMetadata { environment; options; }} */
  private static final class Root extends Fields {}

  /** {@code table Environment { tensorflow_version:string; api_version:uint; model_type:int; }} */
  private static final class Environment extends Fields {}

  /**
   * {@code table ConversionOptions { model_optimization_modes:[int]; allow_custom_ops:bool;
   * enable_select_tf_ops:bool; force_select_tf_ops:bool; sparsity_block_sizes:[SparsityBlockSize];
   * }}
   */
  private static final class Options extends Fields {}

  /** {@code table SparsityBlockSize { values:[uint]; }} */
  private static final class BlockSize extends Fields {}
}
