package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.runtime.ExecutionPlan;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionClosedException;
import io.github.modelbudget.harness.runtime.SessionOptions;
import io.github.modelbudget.harness.runtime.TensorSpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** A session whose interpreter lives in a child JVM; every call is a round trip. */
final class IsolatedSession implements Session {

  private final ChildRuntime child;
  private final int id;
  private final SessionOptions options;
  private volatile List<TensorSpec> inputs;
  private volatile List<TensorSpec> outputs;
  private volatile long lastInvokeNanos;
  private volatile boolean closed;

  IsolatedSession(
      ChildRuntime child,
      int id,
      SessionOptions options,
      List<TensorSpec> inputs,
      List<TensorSpec> outputs) {
    this.child = child;
    this.id = id;
    this.options = options;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  @Override
  public List<TensorSpec> inputs() {
    return inputs;
  }

  @Override
  public List<TensorSpec> outputs() {
    return outputs;
  }

  @Override
  public SessionOptions options() {
    return options;
  }

  @Override
  public void resizeInput(int input, int... shape) {
    Objects.requireNonNull(shape, "shape");
    checkOpen();
    child.call(
        "resizeInput",
        Protocol.RESIZE_INPUT,
        out -> {
          out.writeInt(id);
          out.writeInt(input);
          Protocol.writeInts(out, shape);
        },
        this::readSpecs);
  }

  @Override
  public void resizeBatch(int batch) {
    checkOpen();
    child.call(
        "resizeBatch",
        Protocol.RESIZE_BATCH,
        out -> {
          out.writeInt(id);
          out.writeInt(batch);
        },
        this::readSpecs);
  }

  @Override
  public void setInput(int input, float[] values) {
    Objects.requireNonNull(values, "values");
    checkOpen();
    child.call(
        "setInput",
        Protocol.SET_INPUT,
        out -> {
          out.writeInt(id);
          out.writeInt(input);
          Protocol.writeFloats(out, values);
        },
        in -> null);
  }

  @Override
  public void setInputBytes(int input, byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    checkOpen();
    child.call(
        "setInputBytes",
        Protocol.SET_INPUT_BYTES,
        out -> {
          out.writeInt(id);
          out.writeInt(input);
          Protocol.writeBytes(out, bytes);
        },
        in -> null);
  }

  @Override
  public void resetVariableTensors() {
    checkOpen();
    child.call(
        "resetVariableTensors", Protocol.RESET_VARIABLES, out -> out.writeInt(id), in -> null);
  }

  @Override
  public long invoke() {
    checkOpen();
    long nanos =
        child.call("invoke", Protocol.INVOKE, out -> out.writeInt(id), in -> in.readLong());
    lastInvokeNanos = nanos;
    return nanos;
  }

  @Override
  public float[] output(int output) {
    checkOpen();
    return child.call(
        "output",
        Protocol.OUTPUT,
        out -> {
          out.writeInt(id);
          out.writeInt(output);
        },
        Protocol::readFloats);
  }

  @Override
  public byte[] outputBytes(int output) {
    checkOpen();
    return child.call(
        "outputBytes",
        Protocol.OUTPUT_BYTES,
        out -> {
          out.writeInt(id);
          out.writeInt(output);
        },
        Protocol::readBytes);
  }

  @Override
  public ExecutionPlan executionPlan() {
    checkOpen();
    return child.call(
        "executionPlan",
        Protocol.EXECUTION_PLAN,
        out -> out.writeInt(id),
        in -> new ExecutionPlan(in.readInt(), in.readInt(), in.readInt()));
  }

  @Override
  public long lastInvokeNanos() {
    return lastInvokeNanos;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      child.call("closeSession", Protocol.CLOSE_SESSION, out -> out.writeInt(id), in -> null);
    } catch (NativeCrashException | IllegalStateException childGone) {
      // the child died or was closed first: its interpreters went with it
    }
  }

  private Void readSpecs(DataInputStream in) throws IOException {
    inputs = Protocol.readSpecs(in);
    outputs = Protocol.readSpecs(in);
    return null;
  }

  private void checkOpen() {
    if (closed) {
      throw new SessionClosedException("session " + id + " of an isolated model is closed");
    }
  }
}
