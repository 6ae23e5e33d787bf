package io.github.modelbudget.harness.runtime;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * One interpreter over a loaded model: set inputs, {@link #invoke()}, read outputs.
 *
 * <p>A session is not thread-safe: use it from one thread at a time (the evaluator opens one per
 * worker thread). It holds native memory until {@link #close()}; every method after close throws
 * {@link SessionClosedException}.
 *
 * <p>Float inputs and outputs of quantized ({@code INT8}/{@code UINT8}) tensors are converted with
 * the tensor's scale and zero point, so callers always work in real values.
 */
public interface Session extends AutoCloseable {

  /**
   * Returns the inputs with their current shapes.
   *
   * @return the input specs, in the model's order
   */
  List<TensorSpec> inputs();

  /**
   * Returns the outputs with their current shapes.
   *
   * @return the output specs, in the model's order
   */
  List<TensorSpec> outputs();

  /**
   * Returns the options the session was opened with.
   *
   * @return the options
   */
  SessionOptions options();

  /**
   * Changes the shape of one input; tensors are reallocated before the next invocation.
   *
   * @param input the input's position
   * @param shape the new shape
   * @throws TensorMismatchException if the position is out of range or the rank differs
   * @throws ModelRuntimeException if the runtime cannot run the model at that shape
   */
  void resizeInput(int input, int... shape);

  /**
   * Sets the first dimension of every input to {@code batch}.
   *
   * @param batch the batch size, at least 1
   */
  void resizeBatch(int batch);

  /**
   * Copies float values into an input, quantizing them if the input is quantized.
   *
   * @param input the input's position
   * @param values exactly as many values as the input has elements
   * @throws TensorMismatchException on a length or element type mismatch
   */
  void setInput(int input, float[] values);

  /**
   * Fills an input in place with float values: {@code writer} is handed a buffer of exactly {@code
   * values} values, positioned at 0, and must put every one of them (and not keep the buffer). For
   * a {@code FLOAT32} input the buffer is the tensor's own memory, so a batch read from a dataset
   * ({@link io.github.modelbudget.harness.data.Dataset#copyFeatures(int, int, FloatBuffer)}) is
   * copied once instead of through an array; other inputs are filled through an array and {@link
   * #setInput(int, float[])}, quantized as it quantizes.
   *
   * @param input the input's position
   * @param values the input's element count, which the writer fills
   * @param writer puts the values
   * @throws TensorMismatchException if {@code values} is not the input's element count, its type
   *     takes no float values, or the writer put fewer values
   */
  default void writeInput(int input, int values, Consumer<? super FloatBuffer> writer) {
    float[] array = new float[values];
    FloatBuffer buffer = FloatBuffer.wrap(array);
    writer.accept(buffer);
    checkFilled(buffer, input, values);
    setInput(input, array);
  }

  /** Throws if a writer of {@link #writeInput} left part of the buffer unwritten. */
  private static void checkFilled(FloatBuffer buffer, int input, int values) {
    if (buffer.position() != values) {
      throw new TensorMismatchException(
          "input "
              + input
              + " takes "
              + values
              + " values but its writer put "
              + buffer.position());
    }
  }

  /**
   * Copies raw bytes into an input, whatever its element type.
   *
   * @param input the input's position
   * @param bytes exactly as many bytes as the input holds
   * @throws TensorMismatchException on a length mismatch
   */
  void setInputBytes(int input, byte[] bytes);

  /**
   * Resets every variable tensor to its initial value (zero unless the model gives one), as
   * TFLite's {@code Interpreter::ResetVariableTensors} does. Variable tensors hold the state of
   * recurrent operators such as {@code UNIDIRECTIONAL_SEQUENCE_LSTM}, which read it at the start of
   * an invocation and overwrite it at the end: without a reset, one invocation's samples change the
   * next one's outputs. Does nothing for a model without variable tensors.
   *
   * @throws ModelRuntimeException if the runtime reports an error
   */
  void resetVariableTensors();

  /**
   * Runs the model once on the current inputs. The state in variable tensors carries over from the
   * previous invocation (see {@link #resetVariableTensors()}).
   *
   * @return the time spent in the native {@code Invoke} call, in nanoseconds
   * @throws ModelRuntimeException if the runtime reports an error
   */
  long invoke();

  /**
   * Returns an output as floats, dequantizing it if it is quantized.
   *
   * @param output the output's position
   * @return a new array with one value per element
   * @throws TensorMismatchException if the output's type has no float reading
   */
  float[] output(int output);

  /**
   * Returns an output's raw bytes.
   *
   * @param output the output's position
   * @return a new array with the tensor's bytes
   */
  byte[] outputBytes(int output);

  /**
   * Returns how the interpreter runs the model: how many operators its delegate (XNNPACK unless
   * {@link SessionOptions#xnnpack()} is off) took over. Delegates are applied when tensors are
   * first allocated, which opening the session does.
   *
   * @return the plan, never {@code null}
   */
  ExecutionPlan executionPlan();

  /**
   * Returns the native time of the last {@link #invoke()}.
   *
   * @return nanoseconds, 0 before the first invocation
   */
  long lastInvokeNanos();

  /**
   * Ends the session and releases its interpreter. The TFLite backend may keep a closed session's
   * interpreter (its native memory) in its {@link LoadedModel} to open a later session with the
   * same options on, with the inputs back at the model's shapes and the variable tensors reset, so
   * that a session opened per evaluation does not pay for building one; closing the loaded model
   * releases them. Closing twice does nothing.
   */
  @Override
  void close();
}
