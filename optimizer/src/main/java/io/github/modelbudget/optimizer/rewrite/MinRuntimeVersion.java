package io.github.modelbudget.optimizer.rewrite;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;

/**
 * The {@code min_runtime_version} metadata entry: the oldest TFLite runtime that has every operator
 * version a model uses.
 *
 * <p>TFLite's converter computes it from its table of operator versions and writes it into a
 * 16-byte buffer, zero-padded. A rewrite that raises operator versions (a hybrid {@code
 * FULLY_CONNECTED} v12 needs 2.17.0) must raise it too, or older runtimes fail later with "Didn't
 * find op for builtin opcode" instead of being told up front. This class knows the runtime versions
 * of the operators the optimizer writes and those of converter-made CNNs; since the other operators
 * keep their versions, the model's new value is the larger of its recorded value and what those
 * operators need — the value the converter computes for the same graph.
 */
public final class MinRuntimeVersion {

  /** The name of the metadata entry. */
  public static final String METADATA_NAME = "min_runtime_version";

  /** The size of the buffer the converter writes, so that the value can be updated in place. */
  static final int CONVERTER_BUFFER_SIZE = 16;

  // The runtime version that introduced each operator version, from TFLite's versioning table;
  // element i of each row is version i + 1.
  private static final Map<Long, String> TABLE = new HashMap<>();

  static {
    row(
        BuiltinOperator.CONV_2D,
        "1.5.0",
        "1.14.0",
        "1.14.0",
        "2.3.0",
        "2.4.0",
        "2.9.0",
        "2.11.0",
        "2.15.0");
    row(
        BuiltinOperator.DEPTHWISE_CONV_2D,
        "1.5.0",
        "1.12.0",
        "1.14.0",
        "2.2.0",
        "2.3.0",
        "2.3.0",
        "2.11.0");
    row(
        BuiltinOperator.FULLY_CONNECTED,
        "1.5.0",
        "1.10.0",
        "1.14.0",
        "1.14.0",
        "2.0.0",
        "2.1.0",
        "2.3.0",
        "2.3.0",
        "2.3.0",
        "2.11.0",
        "2.15.0",
        "2.17.0",
        "2.18.0",
        "2.21.0");
    row(
        BuiltinOperator.DEQUANTIZE,
        "1.13.1",
        "1.14.0",
        "1.15.0",
        "2.2.0",
        "2.7.0",
        "2.18.0",
        "2.21.0",
        "2.22.0");
    row(BuiltinOperator.QUANTIZE, "1.14.0", "1.15.0", "2.7.0");
    row(BuiltinOperator.RESHAPE, "1.5.0");
    row(BuiltinOperator.MAX_POOL_2D, "1.5.0", "1.14.0", "2.3.0");
    row(BuiltinOperator.AVERAGE_POOL_2D, "1.5.0", "1.14.0", "2.3.0");
    row(BuiltinOperator.SOFTMAX, "1.5.0", "1.14.0", "2.3.0");
    row(BuiltinOperator.LOGISTIC, "1.14.0", "1.14.0", "2.3.0");
    row(BuiltinOperator.SHAPE, "1.10.0");
    row(
        BuiltinOperator.STRIDED_SLICE,
        "1.6.0",
        "1.14.0",
        "2.1.0",
        "2.2.0",
        "2.5.0",
        "2.6.0",
        "2.14.0",
        "2.14.0");
    row(BuiltinOperator.PACK, "1.11.0", "1.14.0", "2.3.0", "2.13.0");
    row(BuiltinOperator.ADD, "1.5.0", "1.14.0", "2.4.0", "2.6.0", "2.13.0");
    row(BuiltinOperator.MUL, "1.5.0", "1.14.0", "1.15.0", "2.3.0", "2.6.0", "2.11.0", "2.13.0");
    row(BuiltinOperator.CONCATENATION, "1.5.0", "1.14.0", "2.3.0", "2.14.0");
    row(BuiltinOperator.RELU, "1.5.0", "2.1.0", "2.5.0");
    row(BuiltinOperator.DENSIFY, "2.2.0");
  }

  private MinRuntimeVersion() {}

  private static void row(int builtinCode, String... byVersion) {
    for (int v = 0; v < byVersion.length; v++) {
      TABLE.put(key(builtinCode, v + 1), byVersion[v]);
    }
  }

  private static long key(int builtinCode, int version) {
    return ((long) builtinCode << 32) | version;
  }

  /**
   * Returns the runtime version that introduced an operator version, if this class knows it.
   *
   * @param builtinCode the {@link BuiltinOperator} code
   * @param version the operator version
   * @return e.g. {@code "2.17.0"} for {@code FULLY_CONNECTED} v12
   */
  public static Optional<String> forOperator(int builtinCode, int version) {
    return Optional.ofNullable(TABLE.get(key(builtinCode, version)));
  }

  /**
   * Reads the model's recorded value, without the buffer's zero padding.
   *
   * @param model the unpacked model
   * @return e.g. {@code "1.5.0"}, or empty if the model has no such entry
   */
  public static Optional<String> read(ModelT model) {
    return ModelMetadata.read(model, METADATA_NAME)
        .map(
            bytes -> {
              int end = 0;
              while (end < bytes.length && bytes[end] != 0) {
                end++;
              }
              return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            })
        .filter(s -> !s.isEmpty());
  }

  /**
   * Computes the value the model needs: the largest of its recorded value and the runtime versions
   * of the operator versions its operators use.
   *
   * @param model the unpacked model
   * @return the version, or empty if nothing is known
   */
  public static Optional<String> required(ModelT model) {
    String required = read(model).orElse(null);
    OperatorCodeT[] codes = model.getOperatorCodes();
    for (SubGraphT subgraph : model.getSubgraphs()) {
      if (subgraph.getOperators() == null) {
        continue;
      }
      for (OperatorT op : subgraph.getOperators()) {
        OperatorCodeT code = codes[(int) op.getOpcodeIndex()];
        int builtin = Math.max(code.getBuiltinCode(), code.getDeprecatedBuiltinCode());
        Optional<String> needed = forOperator(builtin, Math.max(1, code.getVersion()));
        if (needed.isPresent() && (required == null || compare(required, needed.get()) < 0)) {
          required = needed.get();
        }
      }
    }
    return Optional.ofNullable(required);
  }

  /**
   * Raises the recorded value to what the model's operators need, writing it zero-padded as the
   * converter does (into the existing buffer's length, or 16 bytes for a new entry).
   *
   * @param model the unpacked model, changed in place
   * @return the value now recorded, or empty if nothing is known
   */
  public static Optional<String> update(ModelT model) {
    Optional<String> required = required(model);
    if (required.isEmpty() || required.equals(read(model))) {
      return required;
    }
    byte[] text = required.get().getBytes(StandardCharsets.US_ASCII);
    int size =
        ModelMetadata.read(model, METADATA_NAME)
            .map(bytes -> Math.max(bytes.length, text.length))
            .orElse(Math.max(CONVERTER_BUFFER_SIZE, text.length));
    byte[] padded = new byte[size];
    System.arraycopy(text, 0, padded, 0, text.length);
    ModelMetadata.write(model, METADATA_NAME, padded);
    return required;
  }

  /**
   * Compares two dotted versions numerically, part by part; a version that is a prefix of another
   * comes first.
   *
   * @param a a version such as {@code "1.14.0"}
   * @param b another version
   * @return negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}
   */
  public static int compare(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      int order = Long.compare(number(left[i]), number(right[i]));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(left.length, right.length);
  }

  private static long number(String part) {
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      // The converter's comparison also skips parts that are not numbers.
      return 0;
    }
  }
}
