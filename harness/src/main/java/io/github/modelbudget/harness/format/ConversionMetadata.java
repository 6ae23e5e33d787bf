package io.github.modelbudget.harness.format;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.flatbuffers.Table;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code CONVERSION_METADATA} buffer that TFLite converters since TF 2.9 write into a model:
 * the converter's environment and the optimisations applied (e.g. {@link
 * OptimizationMode#PTQ_DYNAMIC_RANGE}).
 *
 * <p>The buffer is a flatbuffer of its own, laid out as TFLite's {@code conversion_metadata.fbs}
 * (table {@code ConversionMetadata} with an {@code Environment} and {@code ConversionOptions}). The
 * official schema classes of {@code tensorflow-lite-metadata} 0.4.4 do not include that file, so
 * this class reads and writes the layout itself; it is a value and immutable.
 *
 * <pre>{@code
 * Optional<ConversionMetadata> conversion = ConversionMetadata.of(model);
 * conversion.flatMap(ConversionMetadata::options).map(ConversionMetadata.Options::modes);
 * }</pre>
 *
 * @param environment the converter's environment, if recorded
 * @param options the conversion options, if recorded
 */
public record ConversionMetadata(Optional<Environment> environment, Optional<Options> options) {

  /** The name of the model's metadata entry that holds this buffer. */
  public static final String METADATA_NAME = "CONVERSION_METADATA";

  /** Validates. */
  public ConversionMetadata {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(options, "options");
  }

  /** The optimisation techniques of {@code conversion_metadata.fbs}, with their codes. */
  public enum OptimizationMode {
    /** Post-training float16 quantization. */
    PTQ_FLOAT16(1001),
    /** Post-training dynamic-range quantization (int8 weights, float activations). */
    PTQ_DYNAMIC_RANGE(1002),
    /** Post-training full-integer quantization. */
    PTQ_FULL_INTEGER(1003),
    /** Post-training int16-activation quantization. */
    PTQ_INT16(1004),
    /** Quantization-aware training. */
    QUANTIZATION_AWARE_TRAINING(2000),
    /** Unstructured (random) sparsity. */
    RANDOM_SPARSITY(3001),
    /** Block sparsity. */
    BLOCK_SPARSITY(3002),
    /** Structured sparsity. */
    STRUCTURED_SPARSITY(3003);

    private final int code;

    OptimizationMode(int code) {
      this.code = code;
    }

    /**
     * Returns the code stored in the buffer.
     *
     * @return e.g. 1002 for {@link #PTQ_DYNAMIC_RANGE}
     */
    public int code() {
      return code;
    }

    /**
     * Finds the mode with a code.
     *
     * @param code a stored code
     * @return the mode, or empty for a code this version does not know
     */
    public static Optional<OptimizationMode> fromCode(int code) {
      return Arrays.stream(values()).filter(m -> m.code == code).findFirst();
    }
  }

  /**
   * The environment of the conversion.
   *
   * @param tensorflowVersion the TensorFlow version, e.g. {@code "2.21.0"}, if recorded
   * @param apiVersion the converter API used (1 or 2), 0 if not recorded
   * @param modelType the original model format's code ({@link #modelTypeName()})
   * @param modelHash the model identification hash, 0 if not recorded
   */
  public record Environment(
      Optional<String> tensorflowVersion, long apiVersion, int modelType, long modelHash) {

    private static final List<String> MODEL_TYPES =
        List.of(
            "NONE",
            "TF_SAVED_MODEL",
            "KERAS_MODEL",
            "TF_CONCRETE_FUNCTIONS",
            "TF_GRAPH_DEF",
            "TF_SESSION",
            "JAX",
            "PYTORCH");

    /** Validates. */
    public Environment {
      Objects.requireNonNull(tensorflowVersion, "tensorflowVersion");
    }

    /**
     * Returns the name of the original model format.
     *
     * @return e.g. {@code KERAS_MODEL}, or empty for a code this version does not know
     */
    public Optional<String> modelTypeName() {
      return modelType >= 0 && modelType < MODEL_TYPES.size()
          ? Optional.of(MODEL_TYPES.get(modelType))
          : Optional.empty();
    }
  }

  /**
   * The conversion options.
   *
   * @param optimizationModeCodes the codes of the applied optimisations, in stored order (codes
   *     this version does not know are kept)
   * @param allowCustomOps whether custom ops were allowed
   * @param enableSelectTfOps whether unsupported ops became select TensorFlow ops
   * @param forceSelectTfOps whether all ops became select TensorFlow ops
   * @param sparsityBlockSizes the block sizes used for sparsity
   */
  public record Options(
      List<Integer> optimizationModeCodes,
      boolean allowCustomOps,
      boolean enableSelectTfOps,
      boolean forceSelectTfOps,
      List<List<Long>> sparsityBlockSizes) {

    /** Validates and copies. */
    public Options {
      optimizationModeCodes = List.copyOf(optimizationModeCodes);
      sparsityBlockSizes = sparsityBlockSizes.stream().map(List::copyOf).toList();
    }

    /**
     * Returns options that record only these optimisations.
     *
     * @param modes the optimisations
     * @return the options, with every flag false
     */
    public static Options of(OptimizationMode... modes) {
      return new Options(
          Arrays.stream(modes).map(OptimizationMode::code).toList(),
          false,
          false,
          false,
          List.of());
    }

    /**
     * Returns the applied optimisations this version knows.
     *
     * @return the modes, in stored order
     */
    public List<OptimizationMode> modes() {
      return optimizationModeCodes.stream()
          .flatMap(c -> OptimizationMode.fromCode(c).stream())
          .toList();
    }

    /**
     * Returns a copy that also records a mode; the same options if it is recorded already.
     *
     * @param mode the optimisation applied
     * @return the options
     */
    public Options withMode(OptimizationMode mode) {
      if (optimizationModeCodes.contains(mode.code())) {
        return this;
      }
      List<Integer> codes = new ArrayList<>(optimizationModeCodes);
      codes.add(mode.code());
      return new Options(
          codes, allowCustomOps, enableSelectTfOps, forceSelectTfOps, sparsityBlockSizes);
    }
  }

  /**
   * Returns a copy whose options also record a mode (creating the options if there were none).
   *
   * @param mode the optimisation applied
   * @return the metadata
   */
  public ConversionMetadata withMode(OptimizationMode mode) {
    Options updated = options.map(o -> o.withMode(mode)).orElseGet(() -> Options.of(mode));
    return new ConversionMetadata(environment, Optional.of(updated));
  }

  /**
   * Describes the metadata in one line, e.g. {@code TF 2.21.0, KERAS_MODEL, PTQ_DYNAMIC_RANGE}.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder text =
        new StringBuilder("TF " + environment.flatMap(Environment::tensorflowVersion).orElse("?"));
    environment.ifPresent(
        e -> text.append(", ").append(e.modelTypeName().orElse("model type " + e.modelType())));
    List<Integer> codes = options.map(Options::optimizationModeCodes).orElse(List.of());
    text.append(
        codes.isEmpty()
            ? ", no optimizations"
            : ", "
                + String.join(
                    ", ",
                    codes.stream()
                        .map(c -> OptimizationMode.fromCode(c).map(Enum::name).orElse("mode " + c))
                        .toList()));
    options.ifPresent(
        o -> {
          if (!o.sparsityBlockSizes().isEmpty()) {
            text.append(", sparsity blocks ").append(o.sparsityBlockSizes());
          }
          if (o.allowCustomOps()) {
            text.append(", custom ops allowed");
          }
          if (o.forceSelectTfOps()) {
            text.append(", select TF ops forced");
          } else if (o.enableSelectTfOps()) {
            text.append(", select TF ops enabled");
          }
        });
    return text.toString();
  }

  /**
   * Reads a model's {@code CONVERSION_METADATA} entry.
   *
   * @param model a verified model
   * @return the metadata, or empty if the model has no such entry (or an entry without data)
   * @throws InvalidModelException if the entry's buffer is not a conversion metadata flatbuffer
   */
  public static Optional<ConversionMetadata> of(TfliteModel model) {
    return model.metadataBuffer(METADATA_NAME).map(data -> read(model.origin(), data));
  }

  /**
   * Decodes the bytes of a {@code CONVERSION_METADATA} buffer.
   *
   * @param origin the model's origin, for messages
   * @param data the buffer's bytes
   * @return the metadata
   * @throws InvalidModelException if the bytes are not a conversion metadata flatbuffer
   */
  public static ConversionMetadata read(String origin, byte[] data) {
    Objects.requireNonNull(origin, "origin");
    ByteBuffer bytes = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (data.length < 8 || bytes.getInt(0) < 4 || bytes.getInt(0) > data.length - 4) {
        throw new IndexOutOfBoundsException("no root table");
      }
      Fields root = Fields.at(bytes, bytes.getInt(0));
      Optional<Environment> environment = root.table(0).map(ConversionMetadata::environment);
      Optional<Options> options = root.table(1).map(ConversionMetadata::options);
      return new ConversionMetadata(environment, options);
    } catch (IndexOutOfBoundsException | BufferUnderflowException | IllegalArgumentException e) {
      throw new InvalidModelException(
          origin,
          "expected the "
              + METADATA_NAME
              + " buffer to hold a conversion_metadata flatbuffer but its "
              + data.length
              + " bytes do not decode ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static Environment environment(Fields table) {
    return new Environment(table.string(0), table.uint(1), (int) table.uint(2), table.int64(3));
  }

  private static Options options(Fields table) {
    List<Integer> modes = table.ints(0).stream().map(Long::intValue).toList();
    List<List<Long>> blocks = new ArrayList<>();
    for (Fields block : table.tables(4)) {
      blocks.add(block.ints(0));
    }
    return new Options(modes, table.bool(1), table.bool(2), table.bool(3), blocks);
  }

  /**
   * Encodes this metadata as the buffer TFLite's converter writes.
   *
   * @return the flatbuffer bytes, never empty
   */
  public byte[] toBytes() {
    FlatBufferBuilder builder = new FlatBufferBuilder(128);
    int environmentTable = environment.map(e -> writeEnvironment(builder, e)).orElse(0);
    int optionsTable = options.map(o -> writeOptions(builder, o)).orElse(0);
    builder.startTable(2);
    if (environmentTable != 0) {
      builder.addOffset(0, environmentTable, 0);
    }
    if (optionsTable != 0) {
      builder.addOffset(1, optionsTable, 0);
    }
    builder.finish(builder.endTable());
    return builder.sizedByteArray();
  }

  private static int writeEnvironment(FlatBufferBuilder builder, Environment e) {
    int version = e.tensorflowVersion().map(builder::createString).orElse(0);
    builder.startTable(4);
    builder.addLong(3, e.modelHash(), 0L);
    if (version != 0) {
      builder.addOffset(0, version, 0);
    }
    builder.addInt(1, (int) e.apiVersion(), 0);
    builder.addInt(2, e.modelType(), 0);
    return builder.endTable();
  }

  private static int writeOptions(FlatBufferBuilder builder, Options o) {
    int modes = intVector(builder, o.optimizationModeCodes().stream().mapToInt(i -> i).toArray());
    int[] blocks = new int[o.sparsityBlockSizes().size()];
    for (int i = 0; i < blocks.length; i++) {
      int values =
          intVector(
              builder, o.sparsityBlockSizes().get(i).stream().mapToInt(Long::intValue).toArray());
      builder.startTable(1);
      builder.addOffset(0, values, 0);
      blocks[i] = builder.endTable();
    }
    int blockVector = blocks.length == 0 ? 0 : offsetVector(builder, blocks);
    builder.startTable(5);
    builder.addOffset(0, modes, 0);
    if (blockVector != 0) {
      builder.addOffset(4, blockVector, 0);
    }
    builder.addBoolean(1, o.allowCustomOps(), false);
    builder.addBoolean(2, o.enableSelectTfOps(), false);
    builder.addBoolean(3, o.forceSelectTfOps(), false);
    return builder.endTable();
  }

  private static int intVector(FlatBufferBuilder builder, int[] values) {
    builder.startVector(4, values.length, 4);
    for (int i = values.length - 1; i >= 0; i--) {
      builder.addInt(values[i]);
    }
    return builder.endVector();
  }

  private static int offsetVector(FlatBufferBuilder builder, int[] tables) {
    builder.startVector(4, tables.length, 4);
    for (int i = tables.length - 1; i >= 0; i--) {
      builder.addOffset(tables[i]);
    }
    return builder.endVector();
  }

  /** Reads the fields of one table of the buffer by their slot in the schema. */
  private static final class Fields extends Table {

    static Fields at(ByteBuffer bytes, int position) {
      Fields fields = new Fields();
      fields.__reset(position, bytes);
      return fields;
    }

    private int slot(int field) {
      return __offset(4 + 2 * field);
    }

    Optional<Fields> table(int field) {
      int offset = slot(field);
      return offset == 0 ? Optional.empty() : Optional.of(at(bb, __indirect(bb_pos + offset)));
    }

    List<Fields> tables(int field) {
      int offset = slot(field);
      List<Fields> tables = new ArrayList<>();
      if (offset != 0) {
        int start = __vector(offset);
        for (int i = 0; i < __vector_len(offset); i++) {
          tables.add(at(bb, __indirect(start + 4 * i)));
        }
      }
      return tables;
    }

    Optional<String> string(int field) {
      int offset = slot(field);
      return offset == 0 ? Optional.empty() : Optional.of(__string(bb_pos + offset));
    }

    long uint(int field) {
      int offset = slot(field);
      return offset == 0 ? 0 : bb.getInt(bb_pos + offset) & 0xffffffffL;
    }

    long int64(int field) {
      int offset = slot(field);
      return offset == 0 ? 0 : bb.getLong(bb_pos + offset);
    }

    boolean bool(int field) {
      int offset = slot(field);
      return offset != 0 && bb.get(bb_pos + offset) != 0;
    }

    /** A vector of 32-bit values (ints, uints or enum codes), each widened without sign. */
    List<Long> ints(int field) {
      int offset = slot(field);
      List<Long> values = new ArrayList<>();
      if (offset != 0) {
        int start = __vector(offset);
        for (int i = 0; i < __vector_len(offset); i++) {
          values.add(bb.getInt(start + 4 * i) & 0xffffffffL);
        }
      }
      return values;
    }
  }
}
