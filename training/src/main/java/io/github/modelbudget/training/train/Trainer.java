package io.github.modelbudget.training.train;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.training.model.SequentialModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Trains models with TensorFlow Java in graph mode: Adam on the cross-entropy that fits the model's
 * head (binary for one sigmoid unit, categorical for softmax), in shuffled mini-batches, with
 * Keras's validation split (the last share of the dataset, never shuffled into training).
 *
 * <pre>{@code
 * TrainingResult result = new Trainer(TrainingConfig.defaults().withEpochs(2).withBatchSize(128))
 *     .train(model, dataset, metrics -> System.out.println(metrics));
 * TrainedModel trained = result.model();
 * }</pre>
 *
 * <p>Adam is Keras's (β1 0.9, β2 0.999, ε 1e-7) built from TensorFlow's {@code ApplyAdam} kernel
 * with the bias-correction powers fed from Java; every weight update waits for every gradient.
 * TensorFlow Java's {@code Adam.minimize} was not used: it updates the β powers unordered with the
 * updates that read them, which made same-seed runs differ.
 *
 * <p>Binary cross-entropy is computed from the logits ({@code max(z, 0) - z·y + log(1 + e^-|z|)}),
 * the exact value Keras approximates from the sigmoid's output with an ε clip.
 *
 * <p>Determinism: every random choice is made in Java from the configuration's seed, so two runs
 * with the same seed, data and configuration produce the same weights bit for bit. See {@link
 * TrainingConfig}.
 */
public final class Trainer {

  private final TrainingConfig config;

  /**
   * Creates a trainer.
   *
   * @param config how to train
   */
  public Trainer(TrainingConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Trains a model from Keras's initial weights (Glorot-uniform kernels, zero biases).
   *
   * @param model the description; it must end in a classification head
   * @param data the labelled samples, of the model's input shape and class count
   * @param listener hears each epoch's metrics
   * @return the trained model and its history
   * @throws io.github.modelbudget.training.model.InvalidModelSpecException if the model has no
   *     classification head
   * @throws InvalidDataException if the data does not fit the model
   */
  public TrainingResult train(SequentialModel model, Dataset data, TrainingListener listener) {
    int classes = ClassificationHead.of(model).classCount();
    DatasetFit.check(model, data, classes);
    SplittableRandom random = new SplittableRandom(config.seed());
    TrainedModel initial = Initializers.glorotUniform(model, random.split());
    return run(initial, data, listener, TrainingHook.NONE, random);
  }

  /**
   * Continues training from existing weights, with a hook around every step (e.g. pruning).
   *
   * <p>Adam starts afresh (zero moments, step 1), as when Keras recompiles a model before
   * fine-tuning it.
   *
   * @param start the model and the weights to start from
   * @param data the labelled samples, of the model's input shape and class count
   * @param listener hears each epoch's metrics
   * @param hook runs before and after every optimizer step
   * @return the trained model and its history
   * @throws InvalidDataException if the data does not fit the model
   */
  public TrainingResult fineTune(
      TrainedModel start, Dataset data, TrainingListener listener, TrainingHook hook) {
    DatasetFit.check(start.model(), data, start.classCount());
    SplittableRandom random = new SplittableRandom(config.seed());
    random.split(); // the stream that would have initialised the weights, so the rest line up
    return run(start, data, listener, hook, random);
  }

  private TrainingResult run(
      TrainedModel start,
      Dataset data,
      TrainingListener listener,
      TrainingHook hook,
      SplittableRandom random) {
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(hook, "hook");
    ClassificationHead head = ClassificationHead.of(start.model());
    int trainSize = config.trainingSize(data.size());
    int validationSize = data.size() - trainSize;
    if (trainSize < 1) {
      throw new InvalidDataException(
          data.name(),
          "a validation split of "
              + config.validationSplit()
              + " leaves no training samples out of "
              + data.size());
    }
    if (config.validationSplit() > 0 && validationSize < 1) {
      throw new InvalidDataException(
          data.name(),
          "a validation split of "
              + config.validationSplit()
              + " leaves no validation samples out of "
              + data.size());
    }
    SplittableRandom shuffling = random.split();
    SplittableRandom dropping = random.split();
    List<EpochMetrics> history = new ArrayList<>();
    long step = 0;
    try (NetworkGraph graph =
        NetworkGraph.forTraining(start, config.learningRate(), config.threads())) {
      int sampleSize = data.sampleSize();
      int labelWidth = head.binary() ? 1 : head.classCount();
      List<Integer> dropoutSizes = DropoutMasks.sizes(start.model());
      for (int epoch = 1; epoch <= config.epochs(); epoch++) {
        int[] order = permutation(trainSize, shuffling);
        Metrics metrics = new Metrics(head);
        for (int from = 0; from < trainSize; from += config.batchSize()) {
          int count = Math.min(config.batchSize(), trainSize - from);
          float[] features = new float[count * sampleSize];
          int[] labels = new int[count];
          for (int i = 0; i < count; i++) {
            int sample = order[from + i];
            data.copyFeatures(sample, sample + 1, features, i * sampleSize);
            labels[i] = data.label(sample);
          }
          List<float[]> masks = DropoutMasks.draw(start.model(), dropoutSizes, count, dropping);
          hook.beforeStep(step, graph);
          NetworkGraph.Outputs outputs =
              graph.trainStep(features, targets(labels, labelWidth), masks, count);
          hook.afterStep(step, graph);
          metrics.add(outputs, labels);
          step++;
        }
        OptionalDouble validationLoss = OptionalDouble.empty();
        OptionalDouble validationAccuracy = OptionalDouble.empty();
        if (validationSize > 0) {
          Metrics validation = new Metrics(head);
          for (int from = trainSize; from < data.size(); from += config.batchSize()) {
            int to = Math.min(data.size(), from + config.batchSize());
            int[] labels = new int[to - from];
            for (int i = 0; i < labels.length; i++) {
              labels[i] = data.label(from + i);
            }
            validation.add(
                graph.evaluate(data.features(from, to), targets(labels, labelWidth), labels.length),
                labels);
          }
          validationLoss = OptionalDouble.of(validation.loss());
          validationAccuracy = OptionalDouble.of(validation.accuracy());
        }
        EpochMetrics epochMetrics =
            new EpochMetrics(
                epoch,
                step,
                metrics.loss(),
                metrics.accuracy(),
                validationLoss,
                validationAccuracy);
        history.add(epochMetrics);
        listener.onEpochEnd(epochMetrics);
      }
      return new TrainingResult(graph.snapshot(), history, step);
    }
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  private static float[] targets(int[] labels, int width) {
    float[] targets = new float[labels.length * width];
    for (int i = 0; i < labels.length; i++) {
      if (width == 1) {
        targets[i] = labels[i];
      } else {
        targets[i * width + labels[i]] = 1f;
      }
    }
    return targets;
  }

  /** Sums losses and correct predictions over the batches of an epoch. */
  private static final class Metrics {
    private final ClassificationHead head;
    private double lossSum;
    private long correct;
    private long count;

    Metrics(ClassificationHead head) {
      this.head = head;
    }

    void add(NetworkGraph.Outputs outputs, int[] labels) {
      for (float loss : outputs.losses()) {
        lossSum += loss;
      }
      for (int i = 0; i < labels.length; i++) {
        if (Predictions.predictedClass(outputs.outputs(), i, head) == labels[i]) {
          correct++;
        }
      }
      count += labels.length;
    }

    double loss() {
      return lossSum / count;
    }

    double accuracy() {
      return (double) correct / count;
    }
  }
}
