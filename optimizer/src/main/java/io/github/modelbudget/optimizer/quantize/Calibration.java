package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.format.SchemaRoundTrip;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.optimizer.rewrite.ConstantBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Runs a float model on representative data and records the range of every float activation.
 *
 * <p>TFLite reuses activation memory, so intermediate tensors are not readable after {@code
 * Invoke}. The preset exposes {@code InterpreterOptions.SetPreserveAllTensors}, but the XNNPACK
 * delegate computes delegated intermediates in its own buffers anyway, and TFLite's tracker has
 * reports of that option changing outputs. Instead, a copy of the model lists every activation as a
 * graph output: the runtime then materializes each one, with or without XNNPACK, and the harness's
 * ordinary session reads them.
 */
final class Calibration {

  /** The observed range of one tensor. */
  record Range(float min, float max) {}

  private static final int BATCH = 32;

  private Calibration() {}

  /**
   * Returns the range of the graph input and of every float tensor an operator writes, by tensor
   * index in subgraph 0.
   */
  static Map<Integer, Range> ranges(TfliteModel float32, Dataset data) {
    String origin = float32.origin();
    ModelT model = float32.schema();
    SubGraphT subgraph = model.getSubgraphs()[0];
    TensorT[] tensors = subgraph.getTensors();
    int input = subgraph.getInputs()[0];
    checkFits(origin, tensors[input], data);

    Set<Integer> produced = new LinkedHashSet<>();
    for (OperatorT op : subgraph.getOperators()) {
      for (int output : op.getOutputs()) {
        if (output >= 0
            && tensors[output].getType() == TensorType.FLOAT32.code()
            && !ConstantBuffers.isConstant(model, tensors[output])) {
          produced.add(output);
        }
      }
    }
    List<Integer> observed = new ArrayList<>(produced);
    ModelT copy = model;
    copy.getSubgraphs()[0].setOutputs(observed.stream().mapToInt(Integer::intValue).toArray());
    copy.setSignatureDefs(null);
    TfliteModel calibrating =
        TfliteModel.fromBytes(origin + " (calibration)", SchemaRoundTrip.serialize(copy));

    Map<Integer, Range> ranges = new HashMap<>();
    float[] all = data.features(0, data.size());
    ranges.put(input, range(all, null));
    boolean dynamicBatch = dynamicBatch(tensors[input]);
    int batch = dynamicBatch ? BATCH : 1;
    try (LoadedModel loaded = InferenceBackend.tflite().load(calibrating);
        Session session = loaded.openSession()) {
      int resized = -1;
      for (int from = 0; from < data.size(); from += batch) {
        int to = Math.min(data.size(), from + batch);
        if (dynamicBatch && to - from != resized) {
          session.resizeBatch(to - from);
          resized = to - from;
        }
        session.setInput(0, data.features(from, to));
        session.invoke();
        for (int o = 0; o < observed.size(); o++) {
          int tensor = observed.get(o);
          ranges.put(tensor, range(session.output(o), ranges.get(tensor)));
        }
      }
    }
    return ranges;
  }

  private static void checkFits(String origin, TensorT input, Dataset data) {
    int[] shape = input.getShape();
    int perSample = 1;
    for (int d = 1; d < shape.length; d++) {
      perSample *= shape[d];
    }
    boolean batched = shape.length > 1 && (shape[0] == 1 || dynamicBatch(input));
    if (!batched || perSample != data.sampleSize()) {
      throw new InvalidDataException(
          data.name(),
          "calibration data with samples of shape "
              + data.sampleShape()
              + " ("
              + data.sampleSize()
              + " values) does not fit the input '"
              + input.getName()
              + "' of "
              + origin
              + ", which takes "
              + Arrays.toString(shape)
              + (batched ? " (" + perSample + " values a sample)" : " (no batch dimension)"));
    }
    if (data.size() == 0) {
      throw new InvalidDataException(data.name(), "calibration data has no samples");
    }
  }

  private static boolean dynamicBatch(TensorT input) {
    int[] signature = input.getShapeSignature();
    return signature != null && signature.length > 0 && signature[0] == -1;
  }

  private static Range range(float[] values, Range so) {
    float min = so == null ? Float.POSITIVE_INFINITY : so.min();
    float max = so == null ? Float.NEGATIVE_INFINITY : so.max();
    for (float v : values) {
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    return new Range(min, max);
  }
}
