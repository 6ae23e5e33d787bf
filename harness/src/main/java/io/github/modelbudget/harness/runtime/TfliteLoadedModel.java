package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.NativeStderr;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.OperatorCode;
import io.github.modelbudget.harness.format.TensorInfo;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.global.tensorflowlite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A model's flatbuffer in native memory, shared read-only by the interpreters opened on it (TFLite
 * allows several interpreters over one {@code FlatBufferModel}).
 */
final class TfliteLoadedModel implements LoadedModel {

  private static final Logger LOG = LoggerFactory.getLogger(TfliteLoadedModel.class);

  /** The system property that sets the most elements one tensor of a loaded model may declare. */
  static final String MAX_TENSOR_ELEMENTS_PROPERTY = "modelbudget.max.tensor.elements";

  /** The default limit of elements per tensor: a gigabyte of float32. */
  static final long DEFAULT_MAX_TENSOR_ELEMENTS = 250_000_000L;

  private final TfliteModel model;
  private final String runtimeVersion;
  private final List<TensorInfo> inputs;
  private final List<TensorInfo> outputs;
  private final int operatorCount;
  private final BytePointer buffer;
  private final FlatBufferModel flatBuffer;
  private final Set<TfliteSession> sessions = ConcurrentHashMap.newKeySet();

  /**
   * Interpreters of closed sessions, kept to open later sessions with the same options on: building
   * an interpreter, applying XNNPACK and touching fresh activation memory cost an evaluation that
   * opens its sessions anew about 0.7% of the seed CNN's time on 10,240 images. At most {@link
   * #MAX_IDLE}; freed when the model is closed.
   */
  private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

  /** The most idle interpreters kept: one per worker of an evaluator with a thread per core. */
  private static final int MAX_IDLE = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** An interpreter with its op resolver, left by a closed session opened with {@code options}. */
  private record Idle(Interpreter interpreter, BuiltinOpResolver resolver, SessionOptions options) {
    void free() {
      interpreter.close();
      resolver.close();
    }
  }

  private final AtomicBoolean closed = new AtomicBoolean();

  private TfliteLoadedModel(
      TfliteModel model,
      String runtimeVersion,
      ModelInfo info,
      BytePointer buffer,
      FlatBufferModel flatBuffer) {
    this.model = model;
    this.runtimeVersion = runtimeVersion;
    this.inputs = info.inputs();
    this.outputs = info.outputs();
    this.operatorCount = (int) info.operators().stream().filter(op -> op.subgraph() == 0).count();
    this.buffer = buffer;
    this.flatBuffer = flatBuffer;
  }

  static TfliteLoadedModel load(TfliteModel model, String runtimeVersion) {
    ModelInfo info = model.inspect();
    checkTensorSizes(model);
    checkOperatorsAvailable(model, info, runtimeVersion);
    byte[] bytes = model.bytes();
    BytePointer buffer = new BytePointer(bytes.length);
    buffer.put(bytes);
    // The runtime keeps pointers into this buffer: it lives as long as the loaded model.
    NativeStderr.Captured<FlatBufferModel> built =
        NativeStderr.capture(
            () -> FlatBufferModel.BuildFromBuffer(buffer, bytes.length),
            flatBuffer -> flatBuffer != null && !flatBuffer.isNull());
    FlatBufferModel flatBuffer = built.value();
    if (flatBuffer == null || flatBuffer.isNull()) {
      buffer.close();
      throw new ModelRuntimeException(
          model.origin()
              + ": TFLite "
              + runtimeVersion
              + " could not build a model from the flatbuffer"
              + built.explanation());
    }
    return new TfliteLoadedModel(model, runtimeVersion, info, buffer, flatBuffer);
  }

  /**
   * Rejects a model with a tensor of more elements than {@value #MAX_TENSOR_ELEMENTS_PROPERTY}
   * allows (default {@value #DEFAULT_MAX_TENSOR_ELEMENTS}), before the runtime allocates anything.
   */
  private static void checkTensorSizes(TfliteModel model) {
    long max = Long.getLong(MAX_TENSOR_ELEMENTS_PROPERTY, DEFAULT_MAX_TENSOR_ELEMENTS);
    SubGraphT[] subgraphs = model.schema().getSubgraphs();
    for (int s = 0; subgraphs != null && s < subgraphs.length; s++) {
      TensorT[] tensors = subgraphs[s].getTensors();
      for (int t = 0; tensors != null && t < tensors.length; t++) {
        long elements = 1;
        for (int dim : tensors[t].getShape() == null ? new int[0] : tensors[t].getShape()) {
          // -1 (a dynamic dimension) counts as 1; saturate instead of overflowing.
          elements =
              Math.multiplyHigh(elements, Math.max(dim, 1)) != 0
                  ? Long.MAX_VALUE
                  : elements * Math.max(dim, 1);
        }
        if (elements > max) {
          throw new InvalidModelException(
              model.origin(),
              "tensor "
                  + t
                  + " ('"
                  + tensors[t].getName()
                  + "') of subgraph "
                  + s
                  + " declares "
                  + (elements == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : elements)
                  + " elements, more than the limit of "
                  + max
                  + " (system property "
                  + MAX_TENSOR_ELEMENTS_PROPERTY
                  + ")");
        }
      }
    }
  }

  private static void checkOperatorsAvailable(
      TfliteModel model, ModelInfo info, String runtimeVersion) {
    try (BuiltinOpResolver resolver = new BuiltinOpResolverWithoutDefaultDelegates()) {
      for (OperatorCode code : info.operatorCodes()) {
        Pointer registration =
            code.custom()
                ? resolver.FindOp(code.customCode().orElseThrow(), code.version())
                : resolver.FindOp(code.builtinCode(), code.version());
        if (registration == null || registration.isNull()) {
          throw new UnsupportedOperatorException(
              model.origin()
                  + ": the model uses "
                  + (code.custom() ? "custom operator '" : "operator ")
                  + code.name()
                  + (code.custom() ? "'" : "")
                  + " version "
                  + code.version()
                  + ", which the TFLite "
                  + runtimeVersion
                  + " runtime does not provide"
                  + (code.custom() ? "" : " (the model may need a newer runtime)"));
        }
      }
    }
  }

  @Override
  public TfliteModel model() {
    return model;
  }

  @Override
  public Session openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed.get()) {
      throw new SessionClosedException(
          model.origin() + ": cannot open a session on a closed model");
    }
    for (Idle candidate : idle) {
      // Removing it makes it this thread's: only one remover of an element succeeds.
      if (candidate.options().equals(options) && idle.removeFirstOccurrence(candidate)) {
        TfliteSession session =
            new TfliteSession(this, candidate.interpreter(), candidate.resolver(), options);
        try {
          session.restore();
        } catch (RuntimeException e) {
          LOG.debug("{}: an idle interpreter could not be restored; building one", origin(), e);
          candidate.free();
          continue;
        }
        sessions.add(session);
        return session;
      }
    }
    BuiltinOpResolver resolver =
        options.xnnpack()
            ? new BuiltinOpResolver()
            : new BuiltinOpResolverWithoutDefaultDelegates();
    Interpreter interpreter = new Interpreter((Pointer) null);
    try (InterpreterBuilder builder = new InterpreterBuilder(flatBuffer, resolver)) {
      builder.SetNumThreads(options.threads());
      NativeStderr.Captured<Integer> applied =
          NativeStderr.capture(
              () -> builder.apply(interpreter), status -> status == tensorflowlite.kTfLiteOk);
      int status = applied.value();
      if (status != tensorflowlite.kTfLiteOk || interpreter.isNull()) {
        throw new ModelRuntimeException(
            model.origin()
                + ": TFLite "
                + runtimeVersion
                + " could not build an interpreter for the model (status "
                + status
                + ")"
                + applied.explanation());
      }
      TfliteSession session = new TfliteSession(this, interpreter, resolver, options);
      session.allocate("allocating tensors");
      sessions.add(session);
      return session;
    } catch (RuntimeException e) {
      interpreter.close();
      resolver.close();
      throw e;
    }
  }

  String origin() {
    return model.origin();
  }

  String runtimeVersion() {
    return runtimeVersion;
  }

  List<TensorInfo> declaredInputs() {
    return inputs;
  }

  List<TensorInfo> declaredOutputs() {
    return outputs;
  }

  /** The operators of the main subgraph. */
  int operatorCount() {
    return operatorCount;
  }

  /**
   * Takes back the interpreter of a closed session: keeps it idle for a later session if it is
   * reusable and there is room, frees it otherwise.
   */
  void release(
      TfliteSession session,
      Interpreter interpreter,
      BuiltinOpResolver resolver,
      boolean reusable) {
    sessions.remove(session);
    Idle left = new Idle(interpreter, resolver, session.options());
    if (!reusable || closed.get() || idle.size() >= MAX_IDLE) {
      left.free();
      return;
    }
    idle.push(left);
    if (closed.get()) {
      freeIdle(); // the model was closed meanwhile
    }
  }

  /** The number of idle interpreters kept, for tests. */
  int idleInterpreters() {
    return idle.size();
  }

  private void freeIdle() {
    for (Idle left = idle.poll(); left != null; left = idle.poll()) {
      left.free();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (TfliteSession session : List.copyOf(sessions)) {
      LOG.debug("{}: closing a session left open when its model was closed", model.origin());
      session.close();
    }
    freeIdle();
    flatBuffer.close();
    buffer.close();
  }
}
