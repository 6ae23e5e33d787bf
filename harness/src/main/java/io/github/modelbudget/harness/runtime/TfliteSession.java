package io.github.modelbudget.harness.runtime;

import io.github.modelbudget.harness.NativeStderr;
import io.github.modelbudget.harness.format.TensorInfo;
import io.github.modelbudget.harness.format.TensorType;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteDelegate;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteQuantizationParams;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.bytedeco.tensorflowlite.global.tensorflowlite;

/** A TFLite interpreter with its op resolver; both are freed on close. */
final class TfliteSession implements Session {

  private final TfliteLoadedModel model;
  private final Interpreter interpreter;
  private final BuiltinOpResolver resolver;
  private final SessionOptions options;
  private final List<TensorInfo> declaredInputs;
  private final List<TensorInfo> declaredOutputs;
  private long lastInvokeNanos;
  private boolean invoked;
  private boolean closed;
  // False once the runtime failed on this interpreter: it is then freed on close, never reused.
  private boolean reusable = true;

  TfliteSession(
      TfliteLoadedModel model,
      Interpreter interpreter,
      BuiltinOpResolver resolver,
      SessionOptions options) {
    this.model = model;
    this.interpreter = interpreter;
    this.resolver = resolver;
    this.options = options;
    this.declaredInputs = model.declaredInputs();
    this.declaredOutputs = model.declaredOutputs();
  }

  @Override
  public List<TensorSpec> inputs() {
    checkOpen("inputs()");
    List<TensorSpec> specs = new ArrayList<>(declaredInputs.size());
    for (int i = 0; i < declaredInputs.size(); i++) {
      specs.add(spec(i, interpreter.input_tensor(i), declaredInputs.get(i)));
    }
    return specs;
  }

  @Override
  public List<TensorSpec> outputs() {
    checkOpen("outputs()");
    List<TensorSpec> specs = new ArrayList<>(declaredOutputs.size());
    for (int i = 0; i < declaredOutputs.size(); i++) {
      specs.add(spec(i, interpreter.output_tensor(i), declaredOutputs.get(i)));
    }
    return specs;
  }

  @Override
  public SessionOptions options() {
    return options;
  }

  @Override
  public void resizeInput(int input, int... shape) {
    checkOpen("resizeInput()");
    TensorInfo declared = declaredInput(input);
    if (shape.length != declared.shape().size()) {
      throw new TensorMismatchException(
          model.origin()
              + ": input '"
              + declared.name()
              + "' has rank "
              + declared.shape().size()
              + " "
              + declared.shapeSignature()
              + " but the new shape "
              + Arrays.toString(shape)
              + " has rank "
              + shape.length);
    }
    for (int dim : shape) {
      if (dim < 1) {
        throw new TensorMismatchException(
            model.origin()
                + ": input '"
                + declared.name()
                + "' cannot be resized to "
                + Arrays.toString(shape)
                + ": every dimension must be at least 1");
      }
    }
    int[] dims = shape.clone();
    NativeStderr.Captured<Integer> resized =
        NativeStderr.capture(
            () -> interpreter.ResizeInputTensor(input, dims),
            status -> status == tensorflowlite.kTfLiteOk);
    int status = resized.value();
    if (status != tensorflowlite.kTfLiteOk) {
      reusable = false;
      throw new ModelRuntimeException(
          model.origin()
              + ": TFLite "
              + model.runtimeVersion()
              + " could not resize input '"
              + declared.name()
              + "' to "
              + Arrays.toString(shape)
              + " (status "
              + status
              + ")"
              + resized.explanation());
    }
    allocate(
        "allocating tensors for input '"
            + declared.name()
            + "' of shape "
            + Arrays.toString(shape));
  }

  @Override
  public void resizeBatch(int batch) {
    checkOpen("resizeBatch()");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1 but was " + batch);
    }
    for (int i = 0; i < declaredInputs.size(); i++) {
      int[] shape = dims(interpreter.input_tensor(i));
      if (shape.length == 0) {
        throw new TensorMismatchException(
            model.origin()
                + ": input '"
                + declaredInputs.get(i).name()
                + "' is a scalar and has no batch dimension");
      }
      if (shape[0] != batch) {
        shape[0] = batch;
        resizeInput(i, shape);
      }
    }
  }

  @Override
  public void setInput(int input, float[] values) {
    checkOpen("setInput()");
    TensorInfo declared = declaredInput(input);
    TfLiteTensor tensor = interpreter.input_tensor(input);
    int elements = elementCount(tensor);
    checkValueCount(declared, tensor, elements, values.length);
    switch (declared.type()) {
      case FLOAT32 ->
          present(interpreter.typed_input_tensor_float(input), "input", declared.name())
              .put(values, 0, elements);
      case INT8, UINT8 -> {
        TfLiteQuantizationParams params = tensor.params();
        byte[] quantized =
            Quantization.quantize(values, params.scale(), params.zero_point(), declared.type());
        present(tensor.data().raw(), "input", declared.name()).put(quantized, 0, quantized.length);
      }
      default ->
          throw new TensorMismatchException(
              model.origin()
                  + ": input '"
                  + declared.name()
                  + "' is "
                  + declared.type()
                  + "; float values can be given only to FLOAT32, INT8 and UINT8 inputs (use setInputBytes)");
    }
  }

  @Override
  public void writeInput(int input, int values, Consumer<? super FloatBuffer> writer) {
    checkOpen("writeInput()");
    TensorInfo declared = declaredInput(input);
    if (declared.type() != TensorType.FLOAT32) {
      Session.super.writeInput(input, values, writer);
      return;
    }
    TfLiteTensor tensor = interpreter.input_tensor(input);
    int elements = elementCount(tensor);
    checkValueCount(declared, tensor, elements, values);
    FloatBuffer buffer =
        present(interpreter.typed_input_tensor_float(input), "input", declared.name())
            .limit(elements)
            .asBuffer();
    writer.accept(buffer);
    if (buffer.position() != elements) {
      throw new TensorMismatchException(
          model.origin()
              + ": input '"
              + declared.name()
              + "' takes "
              + elements
              + " values but its writer put "
              + buffer.position());
    }
  }

  private void checkValueCount(TensorInfo declared, TfLiteTensor tensor, int elements, int given) {
    if (given != elements) {
      throw new TensorMismatchException(
          model.origin()
              + ": input '"
              + declared.name()
              + "' of shape "
              + Arrays.toString(dims(tensor))
              + " takes "
              + elements
              + " values but "
              + given
              + " were given");
    }
  }

  @Override
  public void setInputBytes(int input, byte[] bytes) {
    checkOpen("setInputBytes()");
    TensorInfo declared = declaredInput(input);
    TfLiteTensor tensor = interpreter.input_tensor(input);
    long expected = tensor.bytes();
    if (bytes.length != expected) {
      throw new TensorMismatchException(
          model.origin()
              + ": input '"
              + declared.name()
              + "' ("
              + declared.type()
              + ", shape "
              + Arrays.toString(dims(tensor))
              + ") holds "
              + expected
              + " bytes but "
              + bytes.length
              + " were given");
    }
    present(tensor.data().raw(), "input", declared.name()).put(bytes, 0, bytes.length);
  }

  @Override
  public void resetVariableTensors() {
    checkOpen("resetVariableTensors()");
    int status = interpreter.ResetVariableTensors();
    if (status != tensorflowlite.kTfLiteOk) {
      reusable = false;
      throw new ModelRuntimeException(
          model.origin()
              + ": TFLite "
              + model.runtimeVersion()
              + " could not reset the model's variable tensors (status "
              + status
              + ")");
    }
  }

  @Override
  public long invoke() {
    checkOpen("invoke()");
    if (!invoked) {
      // The first invoke is where a kernel that fails on this model fails (and where XNNPACK may
      // still complain): it runs under capture, so the runtime's text goes into the exception and
      // the debug log rather than to standard error. Later ones do not: see below.
      invoked = true;
      long[] elapsed = new long[1];
      NativeStderr.Captured<Integer> first =
          NativeStderr.capture(
              () -> {
                long start = System.nanoTime();
                int status = interpreter.Invoke();
                elapsed[0] = System.nanoTime() - start;
                return status;
              },
              status -> status == tensorflowlite.kTfLiteOk);
      if (first.value() != tensorflowlite.kTfLiteOk) {
        throw invokeFailed(first.value(), first.explanation());
      }
      lastInvokeNanos = elapsed[0];
      return elapsed[0];
    }
    long start = System.nanoTime();
    int status = interpreter.Invoke();
    long elapsed = System.nanoTime() - start;
    if (status != tensorflowlite.kTfLiteOk) {
      // Capturing standard error costs a lock and four system calls, too much for every invoke:
      // repeat the failed one under capture instead. Kernels fail the same way on the same inputs.
      NativeStderr.Captured<Integer> repeated =
          NativeStderr.capture(interpreter::Invoke, again -> again == tensorflowlite.kTfLiteOk);
      throw invokeFailed(
          status,
          repeated.value() == tensorflowlite.kTfLiteOk
              ? "; the runtime's own message is on standard error"
              : repeated.explanation());
    }
    lastInvokeNanos = elapsed;
    return elapsed;
  }

  private ModelRuntimeException invokeFailed(int status, String explanation) {
    reusable = false;
    return new ModelRuntimeException(
        model.origin()
            + ": TFLite "
            + model.runtimeVersion()
            + " failed to invoke the model (status "
            + status
            + ")"
            + explanation);
  }

  @Override
  public float[] output(int output) {
    checkOpen("output()");
    TensorInfo declared = declaredOutput(output);
    TfLiteTensor tensor = interpreter.output_tensor(output);
    int elements = elementCount(tensor);
    float[] values = new float[elements];
    switch (declared.type()) {
      case FLOAT32 ->
          present(interpreter.typed_output_tensor_float(output), "output", declared.name())
              .get(values, 0, elements);
      case INT8, UINT8 -> {
        byte[] raw = new byte[elements];
        present(tensor.data().raw(), "output", declared.name()).get(raw, 0, elements);
        TfLiteQuantizationParams params = tensor.params();
        Quantization.dequantize(raw, params.scale(), params.zero_point(), declared.type(), values);
      }
      default ->
          throw new TensorMismatchException(
              model.origin()
                  + ": output '"
                  + declared.name()
                  + "' is "
                  + declared.type()
                  + "; float values can be read only from FLOAT32, INT8 and UINT8 outputs (use outputBytes)");
    }
    return values;
  }

  @Override
  public byte[] outputBytes(int output) {
    checkOpen("outputBytes()");
    TensorInfo declared = declaredOutput(output);
    TfLiteTensor tensor = interpreter.output_tensor(output);
    byte[] bytes = new byte[(int) tensor.bytes()];
    BytePointer raw = present(tensor.data().raw(), "output", declared.name());
    raw.get(bytes, 0, bytes.length);
    return bytes;
  }

  /**
   * Returns a tensor's data pointer, or throws if the runtime gave none: a graph the runtime
   * accepted but could not allocate (a null pointer here would be a NullPointerException deep in
   * JavaCPP, or a crash).
   */
  private <P extends Pointer> P present(P data, String kind, String name) {
    return NullTensorData.require(data, model.origin(), model.runtimeVersion(), kind, name);
  }

  @Override
  public ExecutionPlan executionPlan() {
    checkOpen("executionPlan()");
    IntPointer plan = interpreter.execution_plan();
    int partitions = 0;
    int ownKernels = 0;
    for (long i = 0; i < plan.limit(); i++) {
      TfLiteDelegate delegate = interpreter.node_and_registration(plan.get(i)).first().delegate();
      if (delegate != null && !delegate.isNull()) {
        partitions++;
      } else {
        ownKernels++;
      }
    }
    int operators = model.operatorCount();
    return new ExecutionPlan(operators, operators - ownKernels, partitions);
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
    model.release(this, interpreter, resolver, reusable);
  }

  /**
   * Makes an interpreter a closed session left look new: every input at the model's own shape
   * (reallocating only where one was resized) and the variable tensors reset.
   *
   * @throws RuntimeException if the runtime refuses, in which case the interpreter is not used
   */
  void restore() {
    for (int i = 0; i < declaredInputs.size(); i++) {
      int[] declared = declaredInputs.get(i).shape().stream().mapToInt(Integer::intValue).toArray();
      if (!Arrays.equals(dims(interpreter.input_tensor(i)), declared)) {
        resizeInput(i, declared);
      }
    }
    resetVariableTensors();
  }

  void allocate(String step) {
    NativeStderr.Captured<Integer> allocated =
        NativeStderr.capture(
            interpreter::AllocateTensors, status -> status == tensorflowlite.kTfLiteOk);
    int status = allocated.value();
    if (status != tensorflowlite.kTfLiteOk) {
      reusable = false;
      throw new ModelRuntimeException(
          model.origin()
              + ": TFLite "
              + model.runtimeVersion()
              + " failed while "
              + step
              + " (status "
              + status
              + ")"
              + allocated.explanation());
    }
  }

  private TensorSpec spec(int position, TfLiteTensor tensor, TensorInfo declared) {
    TfLiteQuantizationParams params = tensor.params();
    return new TensorSpec(
        position,
        declared.name(),
        declared.type(),
        Arrays.stream(dims(tensor)).boxed().toList(),
        params.scale(),
        params.zero_point());
  }

  private TensorInfo declaredInput(int input) {
    if (input < 0 || input >= declaredInputs.size()) {
      throw new TensorMismatchException(
          model.origin()
              + ": the model has "
              + declaredInputs.size()
              + " input(s); there is no input "
              + input);
    }
    return declaredInputs.get(input);
  }

  private TensorInfo declaredOutput(int output) {
    if (output < 0 || output >= declaredOutputs.size()) {
      throw new TensorMismatchException(
          model.origin()
              + ": the model has "
              + declaredOutputs.size()
              + " output(s); there is no output "
              + output);
    }
    return declaredOutputs.get(output);
  }

  private static int[] dims(TfLiteTensor tensor) {
    TfLiteIntArray dims = tensor.dims();
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.data(i);
    }
    return shape;
  }

  private static int elementCount(TfLiteTensor tensor) {
    int count = 1;
    for (int dim : dims(tensor)) {
      count *= dim;
    }
    return count;
  }

  private void checkOpen(String call) {
    if (closed) {
      throw new SessionClosedException(
          model.origin() + ": " + call + " was called on a closed session");
    }
  }
}
