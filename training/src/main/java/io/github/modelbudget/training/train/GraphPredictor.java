package io.github.modelbudget.training.train;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import java.util.Objects;

/**
 * Runs a trained model in TensorFlow Java (the inference path, dropout off), e.g. to check that an
 * exported {@code .tflite} computes the same function. Not thread-safe; close it to free the graph.
 */
public final class GraphPredictor implements AutoCloseable {

  private final TrainedModel model;
  private final NetworkGraph graph;

  private GraphPredictor(TrainedModel model, NetworkGraph graph) {
    this.model = model;
    this.graph = graph;
  }

  /**
   * Builds the model's graph with its weights, single-threaded.
   *
   * @param model the model and its weights
   * @return the predictor, owned by the caller
   */
  public static GraphPredictor open(TrainedModel model) {
    return new GraphPredictor(model, NetworkGraph.forInference(Objects.requireNonNull(model), 1));
  }

  /**
   * Computes the model's outputs for a batch.
   *
   * @param features {@code count} samples of the model's input shape, row-major
   * @param count the number of samples, at least 1
   * @return {@code count} outputs of the model's output shape, row-major
   */
  public float[] predict(float[] features, int count) {
    if (count < 1 || features.length != count * model.model().inputSize()) {
      throw new IllegalArgumentException(
          "model '"
              + model.model().name()
              + "' needs "
              + model.model().inputSize()
              + " values per sample but got "
              + features.length
              + " values for "
              + count
              + " samples");
    }
    return graph.predict(features, count);
  }

  /**
   * Returns the share of a dataset the model classifies correctly.
   *
   * @param data samples of the model's input shape
   * @return the accuracy in [0, 1]
   * @throws InvalidDataException if the samples do not have the model's input shape or a label is
   *     beyond the model's classes
   */
  public double accuracy(Dataset data) {
    DatasetFit.checkShape(model.model(), data);
    ClassificationHead head = ClassificationHead.of(model.model());
    if (data.classCount() > head.classCount()) {
      throw new InvalidDataException(
          data.name(),
          "model '"
              + model.model().name()
              + "' predicts "
              + head.classCount()
              + " classes but the dataset has "
              + data.classCount());
    }
    long correct = 0;
    for (Dataset.Batch batch : data.batches(256)) {
      float[] outputs =
          graph.predict(data.features(batch.offset(), batch.offset() + batch.size()), batch.size());
      for (int i = 0; i < batch.size(); i++) {
        if (Predictions.predictedClass(outputs, i, head) == data.label(batch.offset() + i)) {
          correct++;
        }
      }
    }
    return (double) correct / data.size();
  }

  @Override
  public void close() {
    graph.close();
  }
}
