package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.lite.schema.TensorT;

/**
 * Compares a variant with its float baseline tensor by tensor, to tell which layer a quantization
 * harmed (TFLite's Quantization Debugger, with the SNR and cosine similarity of AI Edge Quantizer's
 * {@code validate()}).
 *
 * <p>Both models run on every sample of the dataset, one sample at a time, with every compared
 * intermediate tensor listed as a graph output (see {@link #compare}). Tensors are paired by name,
 * or as the same output of the same operator where a converter renamed them; the variant's values
 * are dequantized. The result ranks the tensors by harm, lowest SNR first.
 *
 * <pre>{@code
 * LayerReport report = LayerComparison.withDefaults().compare(baseline, int8, testSet);
 * report.flagged().forEach(layer -> System.out.println(layer.tensor()));
 * }</pre>
 *
 * @param backend the runtime that runs both models
 * @param options the sessions' options (XNNPACK or not)
 */
public record LayerComparison(InferenceBackend backend, SessionOptions options) {

  /** Validates. */
  public LayerComparison {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(options, "options");
  }

  /**
   * Returns a comparison in the TFLite runtime with the default session options.
   *
   * @return the comparison
   */
  public static LayerComparison withDefaults() {
    return new LayerComparison(InferenceBackend.tflite(), SessionOptions.defaults());
  }

  /**
   * Runs both models on every sample and measures the error of each matched tensor.
   *
   * @param baseline the float model
   * @param variant a model derived from it (quantized, pruned, or with some layers kept float)
   * @param data the evaluation samples (labels are not used)
   * @return the tensors, most harmed first, never {@code null}
   * @throws GraphMismatchException if the variant does not run the baseline's operators in the
   *     baseline's order, or no tensor can be compared
   * @throws InvalidDataException if the samples do not fit the models' input
   */
  public LayerReport compare(TfliteModel baseline, TfliteModel variant, Dataset data) {
    GraphTensors ours = GraphTensors.of(baseline);
    GraphTensors theirs = GraphTensors.of(variant);
    List<TensorPairs.Pair> pairs = TensorPairs.match(ours, theirs);
    if (pairs.isEmpty()) {
      throw new GraphMismatchException(
          variant.origin()
              + " and its baseline "
              + baseline.origin()
              + " have no float or 8-bit intermediate tensor in common to compare");
    }
    checkFits(ours, data);
    checkFits(theirs, data);

    Map<Integer, Integer> baselineOutputs = new LinkedHashMap<>();
    List<Integer> variantOutputs = new ArrayList<>();
    for (TensorPairs.Pair pair : pairs) {
      baselineOutputs.putIfAbsent(pair.baseline(), baselineOutputs.size());
      variantOutputs.add(pair.variant());
    }
    List<ErrorAccumulator> errors = new ArrayList<>();
    pairs.forEach(p -> errors.add(new ErrorAccumulator()));
    int[] elements = new int[pairs.size()];

    try (LoadedModel b =
            backend.load(ObservingCopy.of(baseline, List.copyOf(baselineOutputs.keySet())));
        LoadedModel v = backend.load(ObservingCopy.of(variant, variantOutputs));
        Session reference = open(b, ours);
        Session candidate = open(v, theirs)) {
      for (int s = 0; s < data.size(); s++) {
        float[] sample = data.features(s, s + 1);
        float[][] expected = run(reference, sample, baselineOutputs.size());
        float[][] found = run(candidate, sample, variantOutputs.size());
        for (int p = 0; p < pairs.size(); p++) {
          float[] f = expected[baselineOutputs.get(pairs.get(p).baseline())];
          float[] q = found[p];
          if (f.length != q.length) {
            throw new GraphMismatchException(
                variant.origin()
                    + ": the tensor '"
                    + theirs.tensor(pairs.get(p).variant()).getName()
                    + "' has "
                    + q.length
                    + " values at run time but the baseline's '"
                    + ours.tensor(pairs.get(p).baseline()).getName()
                    + "' has "
                    + f.length);
          }
          elements[p] = f.length;
          errors.get(p).add(f, q);
        }
      }
    }
    List<LayerError> layers = new ArrayList<>();
    for (int p = 0; p < pairs.size(); p++) {
      layers.add(errors.get(p).result(pairs.get(p), ours, theirs, elements[p]));
    }
    // A stable sort: equal SNRs keep the graph's order.
    layers.sort(Comparator.comparingDouble(LayerError::snrDb));
    return new LayerReport(baseline.name(), variant.name(), data.size(), layers);
  }

  private Session open(LoadedModel loaded, GraphTensors graph) {
    Session session = loaded.openSession(options);
    int[] signature = graph.input().getShapeSignature();
    if (signature != null && signature.length > 0 && signature[0] == -1) {
      session.resizeBatch(1);
    }
    return session;
  }

  private static float[][] run(Session session, float[] sample, int outputs) {
    session.resetVariableTensors();
    session.setInput(0, sample);
    session.invoke();
    float[][] values = new float[outputs][];
    for (int o = 0; o < outputs; o++) {
      values[o] = session.output(o);
    }
    return values;
  }

  private static void checkFits(GraphTensors graph, Dataset data) {
    TensorT input = graph.input();
    int[] shape = input.getShape();
    int[] signature = input.getShapeSignature();
    boolean dynamic = signature != null && signature.length > 0 && signature[0] == -1;
    if (shape.length < 1 || (shape[0] != 1 && !dynamic)) {
      throw new ModelBudgetException(
          graph.model().origin()
              + ": a per-layer comparison runs one sample at a time and needs an input with a"
              + " batch dimension of 1 or -1, but '"
              + input.getName()
              + "' is "
              + Arrays.toString(shape));
    }
    if (GraphTensors.elementsPerSample(input) != data.sampleSize()) {
      throw new InvalidDataException(
          data.name(),
          "samples of shape "
              + data.sampleShape()
              + " ("
              + data.sampleSize()
              + " values) do not fit the input '"
              + input.getName()
              + "' "
              + Arrays.toString(shape)
              + " of "
              + graph.model().origin());
    }
    if (data.size() == 0) {
      throw new InvalidDataException(data.name(), "no samples to compare the layers on");
    }
  }
}
