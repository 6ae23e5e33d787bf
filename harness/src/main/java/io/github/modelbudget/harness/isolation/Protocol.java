package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.runtime.ModelRuntimeException;
import io.github.modelbudget.harness.runtime.SessionClosedException;
import io.github.modelbudget.harness.runtime.TensorMismatchException;
import io.github.modelbudget.harness.runtime.TensorSpec;
import io.github.modelbudget.harness.runtime.UnsupportedOperatorException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The parent–child wire format: each request is an opcode byte and its arguments; each reply is a
 * status byte ({@link #OK} then the result, or {@link #ERROR} then the exception's kind and
 * message). Arrays are length-prefixed; strings are modified UTF-8 ({@code writeUTF}) except model
 * bytes and messages, which are length-prefixed byte arrays.
 */
final class Protocol {

  static final byte LOAD = 1;
  static final byte OPEN_SESSION = 2;
  static final byte RESIZE_INPUT = 3;
  static final byte RESIZE_BATCH = 4;
  static final byte SET_INPUT = 5;
  static final byte SET_INPUT_BYTES = 6;
  static final byte INVOKE = 7;
  static final byte OUTPUT = 8;
  static final byte OUTPUT_BYTES = 9;
  static final byte CLOSE_SESSION = 10;
  static final byte SHUTDOWN = 11;
  static final byte RESET_VARIABLES = 12;
  static final byte EXECUTION_PLAN = 13;

  static final byte OK = 0;
  static final byte ERROR = 1;

  private Protocol() {}

  static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[checkedLength(in.readInt())];
    in.readFully(bytes);
    return bytes;
  }

  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    // One bulk copy instead of a call per float: tensors are thousands of values.
    byte[] bytes = new byte[values.length * Float.BYTES];
    ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
    out.writeInt(values.length);
    out.write(bytes);
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    int length = checkedLength(in.readInt());
    byte[] bytes = new byte[Math.multiplyExact(length, Float.BYTES)];
    in.readFully(bytes);
    float[] values = new float[length];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    return values;
  }

  static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  static int[] readInts(DataInputStream in) throws IOException {
    int[] values = new int[checkedLength(in.readInt())];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
  }

  static void writeSpecs(DataOutputStream out, List<TensorSpec> specs) throws IOException {
    out.writeInt(specs.size());
    for (TensorSpec spec : specs) {
      out.writeInt(spec.position());
      writeString(out, spec.name());
      writeString(out, spec.type().name());
      writeInts(out, spec.shape().stream().mapToInt(Integer::intValue).toArray());
      out.writeFloat(spec.scale());
      out.writeInt(spec.zeroPoint());
    }
  }

  static List<TensorSpec> readSpecs(DataInputStream in) throws IOException {
    int count = checkedLength(in.readInt());
    List<TensorSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int position = in.readInt();
      String name = readString(in);
      TensorType type = TensorType.valueOf(readString(in));
      List<Integer> shape = new ArrayList<>();
      for (int dim : readInts(in)) {
        shape.add(dim);
      }
      specs.add(new TensorSpec(position, name, type, shape, in.readFloat(), in.readInt()));
    }
    return List.copyOf(specs);
  }

  /** Writes an error reply for an exception thrown in the child. */
  static void writeError(DataOutputStream out, RuntimeException e) throws IOException {
    out.writeByte(ERROR);
    writeString(out, kindOf(e));
    writeString(out, e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /**
   * Reads the rest of an error reply and rebuilds the exception in the parent. The child knows the
   * model only by its name: a message that starts with it is made to start with the model's origin
   * (its file) instead.
   */
  static RuntimeException readError(DataInputStream in, String model, String origin)
      throws IOException {
    String kind = readString(in);
    String message = readString(in);
    String rest = withoutPrefix(message, model);
    if (!rest.equals(message)) {
      message = origin + ": " + rest;
    }
    return switch (kind) {
      case "invalid-model" -> new InvalidModelException(origin, rest);
      case "tensor-mismatch" -> new TensorMismatchException(message);
      case "unsupported-operator" -> new UnsupportedOperatorException(message);
      case "session-closed" -> new SessionClosedException(message);
      case "runtime" -> new ModelRuntimeException(message);
      case "illegal-argument" -> new IllegalArgumentException(message);
      case "illegal-state" -> new IllegalStateException(message);
      case "index-out-of-bounds" -> new IndexOutOfBoundsException(message);
      default -> new ModelRuntimeException(origin + ": the isolated runtime failed: " + message);
    };
  }

  private static String withoutPrefix(String message, String model) {
    String prefix = model + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static String kindOf(RuntimeException e) {
    if (e instanceof InvalidModelException) {
      return "invalid-model";
    } else if (e instanceof TensorMismatchException) {
      return "tensor-mismatch";
    } else if (e instanceof UnsupportedOperatorException) {
      return "unsupported-operator";
    } else if (e instanceof SessionClosedException) {
      return "session-closed";
    } else if (e instanceof ModelRuntimeException) {
      return "runtime";
    } else if (e instanceof IllegalArgumentException) {
      return "illegal-argument";
    } else if (e instanceof IllegalStateException) {
      return "illegal-state";
    } else if (e instanceof IndexOutOfBoundsException) {
      return "index-out-of-bounds";
    } else if (e instanceof ModelBudgetException) {
      return "runtime";
    }
    return "other";
  }

  private static int checkedLength(int length) throws IOException {
    if (length < 0) {
      throw new IOException("negative length " + length + " on the isolation channel");
    }
    return length;
  }
}
