package io.github.modelbudget.harness.eval;

import io.github.modelbudget.harness.data.Task;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@link Evaluator} measured for one model on one dataset: the metrics, and every
 * prediction and raw output so that a {@link Comparison} can pair them sample by sample.
 *
 * <p>A regression result ({@link #task()} is {@link Task#REGRESSION}) has its metrics in {@link
 * #regression()}; its classification metrics are not defined: accuracy and log loss are NaN, the
 * class metrics and confusion matrix empty, and every prediction is 0.
 *
 * <p>Instances are immutable; array accessors return copies.
 */
public final class EvaluationResult {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationResult.class);

  private final String modelName;
  private final String modelSha256;
  private final String datasetName;
  private final String datasetSha256;
  private final List<String> classNames;
  private final int outputWidth;
  private final OutputActivation activation;
  private final OutputActivation.Source activationSource;
  private final double threshold;
  private final int[] labels;
  // Per sample: the label, the prediction in the narrowest type, the raw outputs; everything else
  // (correctness, the true class's probability) is derived from these when asked for.
  private final ClassIndices predictions;
  private final OutputStore outputs;
  private final int[] trueClassRanks;
  private final ConfusionMatrix confusionMatrix;
  private final long correct;
  private final OptionalDouble rocAuc;
  private final double logLoss;
  private final int nonFiniteOutputs;
  private final double samplesPerSecond;
  private final List<String> warnings;
  // Regression only: the targets, row-major like the outputs, and their metrics; null otherwise.
  private final float[] targets;
  private final RegressionMetrics regression;

  private EvaluationResult(Builder b) {
    this.modelName = b.modelName;
    this.modelSha256 = b.modelSha256;
    this.datasetName = b.datasetName;
    this.datasetSha256 = b.datasetSha256;
    this.classNames = List.copyOf(b.classNames);
    this.outputWidth = b.outputWidth;
    this.activation = b.activation;
    this.activationSource = b.activationSource;
    this.threshold = b.threshold;
    this.labels = b.labels;
    this.outputs = b.outputs;
    this.samplesPerSecond = b.samplesPerSecond;
    this.targets = b.targets;
    int n = labels.length;
    if (targets != null) {
      this.regression = RegressionMetrics.of(outputs, targets, outputWidth);
      this.predictions = ClassIndices.of(new int[n], 2);
      this.trueClassRanks = new int[n];
      this.warnings = List.of();
      this.nonFiniteOutputs = nonFiniteSamples(outputs, n, outputWidth);
      this.correct = 0;
      this.confusionMatrix = new ConfusionMatrix(List.of(), List.of());
      this.rocAuc = OptionalDouble.empty();
      this.logLoss = Double.NaN;
      return;
    }
    this.regression = null;
    this.trueClassRanks = new int[n];
    int[] predictions = new int[n];
    double[] trueClassProbabilities = new double[n];
    double[] positiveScores = new double[n];
    boolean[] positive = new boolean[n];
    long right = 0;
    double[] probabilities = new double[Math.max(2, outputWidth)];
    for (int i = 0; i < n; i++) {
      probabilities(i, probabilities);
      predictions[i] = predict(probabilities);
      trueClassProbabilities[i] = probabilities[labels[i]];
      trueClassRanks[i] = rankOfTrueClass(i, probabilities);
      positiveScores[i] = probabilities[1];
      positive[i] = labels[i] == 1;
      right += predictions[i] == labels[i] ? 1 : 0;
    }
    this.nonFiniteOutputs = nonFiniteSamples(outputs, n, outputWidth);
    this.correct = right;
    this.confusionMatrix = ConfusionMatrix.of(classNames, labels, predictions);
    this.predictions = ClassIndices.of(predictions, Math.max(2, outputWidth));
    this.rocAuc =
        classNames.size() == 2
            ? Statistics.rocAuc(positiveScores, positive)
            : OptionalDouble.empty();
    this.logLoss = Statistics.logLoss(trueClassProbabilities);
    this.warnings =
        LabelOrderCheck.warnings(classNames, correct, n, accuracyInterval(), rocAuc, labels);
    warnings.forEach(w -> LOG.warn("{} on {}: {}", modelName, datasetName, w));
  }

  /** The samples with a NaN or infinite value among their outputs. */
  private static int nonFiniteSamples(OutputStore outputs, int samples, int width) {
    int nonFinite = 0;
    for (long i = 0; i < (long) samples * width; i += width) {
      for (int j = 0; j < width; j++) {
        if (!Float.isFinite(outputs.get(i + j))) {
          nonFinite++;
          break;
        }
      }
    }
    return nonFinite;
  }

  /**
   * Returns what looks wrong with the evaluation itself rather than the model, e.g. "labels
   * inverted? …" when a binary classifier is significantly worse than chance.
   *
   * @return the warnings, empty when nothing looks wrong
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the evaluated model's name.
   *
   * @return the name
   */
  public String modelName() {
    return modelName;
  }

  /**
   * Returns the SHA-256 of the evaluated model's bytes.
   *
   * @return 64 hex digits
   */
  public String modelSha256() {
    return modelSha256;
  }

  /**
   * Returns the dataset's name.
   *
   * @return the name
   */
  public String datasetName() {
    return datasetName;
  }

  /**
   * Returns the dataset's content digest, which {@link Comparison} uses to check pairing.
   *
   * @return 64 hex digits
   */
  public String datasetSha256() {
    return datasetSha256;
  }

  /**
   * Returns the number of samples.
   *
   * @return at least 1
   */
  public int sampleCount() {
    return labels.length;
  }

  /**
   * Returns the class names, in index order.
   *
   * @return two or more names
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Returns the number of values the model outputs per sample: 1 for a sigmoid, the class count
   * otherwise.
   *
   * @return the output width
   */
  public int outputWidth() {
    return outputWidth;
  }

  /**
   * Returns how the outputs were read (never {@link OutputActivation#AUTO}: the resolved choice).
   *
   * @return probabilities or logits
   */
  public OutputActivation activation() {
    return activation;
  }

  /**
   * Tells whether {@link #activation()} was stated by the caller or inferred from the graph.
   *
   * @return the source, never {@code null}
   */
  public OutputActivation.Source activationSource() {
    return activationSource;
  }

  /**
   * Returns the decision threshold used for one-wide (sigmoid) outputs.
   *
   * @return the threshold; a probability at or above it predicts class 1
   */
  public double threshold() {
    return threshold;
  }

  /**
   * Returns the task the model was evaluated as.
   *
   * @return classification or regression
   */
  public Task task() {
    return targets == null ? Task.CLASSIFICATION : Task.REGRESSION;
  }

  /**
   * Returns the regression metrics of a regression result.
   *
   * @return MAE, RMSE, max error and R², or empty for a classifier
   */
  public Optional<RegressionMetrics> regression() {
    return Optional.ofNullable(regression);
  }

  /**
   * Returns every sample's targets, row-major like {@link #outputs()}.
   *
   * @return a copy; empty for a classifier
   */
  public float[] targets() {
    return targets == null ? new float[0] : targets.clone();
  }

  /**
   * Returns the fraction of samples predicted correctly.
   *
   * @return the accuracy in [0, 1]; NaN for a regression result
   */
  public double accuracy() {
    return targets != null ? Double.NaN : (double) correct / labels.length;
  }

  /**
   * Returns the number of samples predicted correctly.
   *
   * @return the count
   */
  public long correctCount() {
    return correct;
  }

  /**
   * Returns the 95% Wilson score interval of the accuracy.
   *
   * @return the interval
   */
  public Interval accuracyInterval() {
    return Statistics.wilson(correct, labels.length, Statistics.Z_95);
  }

  /**
   * Returns the top-k accuracy for one {@code k}, ties counting for the true class (see {@link
   * TopKAccuracy}).
   *
   * @param k at least 1
   * @return the accuracy with its 95% Wilson interval
   */
  public TopKAccuracy topK(int k) {
    return topKCounts().at(k);
  }

  /**
   * Returns the top-k hits for every {@code k} at once, as the run record keeps them.
   *
   * @return the counts
   */
  public TopKCounts topKCounts() {
    return TopKCounts.fromRanks(trueClassRanks);
  }

  /**
   * Returns the {@code k} reported when none is asked for: 5 for 10 classes or more.
   *
   * @return the default {@code k}, or empty for fewer than 10 classes
   */
  public OptionalInt defaultTopK() {
    return TopKCounts.defaultK(classNames.size());
  }

  /**
   * Returns how many classes the model scored strictly higher than a sample's true class, a NaN
   * ranking below every number (a true class scored NaN ranks last): the sample is a top-k hit when
   * this is below {@code k}.
   *
   * @param sample the sample's index
   * @return the rank, 0 when no class scored higher
   */
  public int trueClassRank(int sample) {
    return trueClassRanks[sample];
  }

  /**
   * Returns precision, recall and F1 of every class.
   *
   * @return one entry per class
   */
  public List<ClassMetrics> classMetrics() {
    return confusionMatrix.classMetrics();
  }

  /**
   * Returns the confusion matrix.
   *
   * @return the matrix
   */
  public ConfusionMatrix confusionMatrix() {
    return confusionMatrix;
  }

  /**
   * Returns the mean log loss (cross-entropy) with probabilities clipped as {@link
   * Statistics#logLoss} does.
   *
   * @return the log loss in nats
   */
  public double logLoss() {
    return logLoss;
  }

  /**
   * Returns the ROC AUC of class 1 for a two-class problem.
   *
   * @return the AUC, or empty for more than two classes or when only one class occurs
   */
  public OptionalDouble rocAuc() {
    return rocAuc;
  }

  /**
   * Returns the number of samples whose output holds a NaN or an infinity.
   *
   * @return the count
   */
  public int nonFiniteOutputs() {
    return nonFiniteOutputs;
  }

  /**
   * Returns the throughput of the evaluation: samples divided by the wall time of the inference
   * loop (sessions already open).
   *
   * @return samples per second
   */
  public double samplesPerSecond() {
    return samplesPerSecond;
  }

  /**
   * Returns every sample's true class.
   *
   * @return a copy, one label per sample
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Returns every sample's predicted class.
   *
   * @return a copy, one class per sample
   */
  public int[] predictions() {
    return predictions.toArray();
  }

  /**
   * Returns one sample's predicted class.
   *
   * @param sample the sample's index
   * @return the predicted class
   */
  public int prediction(int sample) {
    return predictions.get(sample);
  }

  /**
   * Returns the raw outputs, row-major: {@code outputWidth()} values per sample.
   *
   * @return a copy of the model's outputs
   * @throws io.github.modelbudget.harness.ModelBudgetException if they are more than one array
   *     holds (see {@link OutputStorage})
   */
  public float[] outputs() {
    return outputs.toArray();
  }

  /**
   * Returns one raw output.
   *
   * @param sample the sample's index
   * @param j the output's index within the sample, below {@link #outputWidth()}
   * @return the value
   */
  public float output(int sample, int j) {
    Objects.checkIndex(sample, labels.length);
    Objects.checkIndex(j, outputWidth);
    return outputs.get((long) sample * outputWidth + j);
  }

  /**
   * Tells whether the raw outputs are kept in a memory-mapped temporary file rather than the heap
   * (see {@link OutputStorage}).
   *
   * @return {@code true} if mapped
   */
  public boolean outputsMapped() {
    return outputs.mapped();
  }

  /**
   * Returns the probability each sample gave its true class.
   *
   * @return a copy, one probability per sample
   */
  public double[] trueClassProbabilities() {
    double[] result = new double[labels.length];
    double[] probabilities = new double[Math.max(2, outputWidth)];
    for (int i = 0; i < result.length; i++) {
      probabilities(i, probabilities);
      result[i] = probabilities[labels[i]];
    }
    return result;
  }

  /**
   * Tells whether a sample was predicted correctly.
   *
   * @param sample the sample's index
   * @return {@code true} if the prediction equals the label; always {@code false} for regression
   */
  public boolean correct(int sample) {
    return targets == null && predictions.get(sample) == labels[sample];
  }

  // Visible to Comparison, which reads outputs without copying them.
  float output(long index) {
    return outputs.get(index);
  }

  // Visible to RegressionComparison: the per-sample absolute errors and the targets, not copied.
  double[] sampleErrors() {
    return RegressionMetrics.sampleErrors(outputs, targets, outputWidth);
  }

  float[] targetValues() {
    return targets;
  }

  @Override
  public String toString() {
    return "EvaluationResult["
        + modelName
        + " on "
        + datasetName
        + (targets != null
            ? ": MAE " + regression.mae() + " on " + labels.length + " samples]"
            : ": accuracy " + accuracy() + " (" + correct + "/" + labels.length + ")]");
  }

  private void probabilities(int sample, double[] into) {
    long offset = (long) sample * outputWidth;
    if (outputWidth == 1) {
      double v = outputs.get(offset);
      double p = activation == OutputActivation.LOGITS ? 1 / (1 + Math.exp(-v)) : v;
      into[0] = 1 - p;
      into[1] = p;
      return;
    }
    if (activation == OutputActivation.PROBABILITIES) {
      for (int j = 0; j < outputWidth; j++) {
        into[j] = outputs.get(offset + j);
      }
      return;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < outputWidth; j++) {
      max = Math.max(max, outputs.get(offset + j));
    }
    double sum = 0;
    for (int j = 0; j < outputWidth; j++) {
      into[j] = Math.exp(outputs.get(offset + j) - max);
      sum += into[j];
    }
    for (int j = 0; j < outputWidth; j++) {
      into[j] /= sum;
    }
  }

  /**
   * Ranks the true class among the raw outputs (a sigmoid's among its two probabilities): the
   * softmax is monotonic, and raw logits keep apart scores that would underflow to the same
   * probability.
   */
  private int rankOfTrueClass(int sample, double[] probabilities) {
    int label = labels[sample];
    if (outputWidth == 1) {
      double truth = probabilities[label];
      return Double.isNaN(truth) || rankable(probabilities[1 - label]) > truth ? 1 : 0;
    }
    long offset = (long) sample * outputWidth;
    double truth = outputs.get(offset + label);
    if (Double.isNaN(truth)) {
      return outputWidth - 1;
    }
    int higher = 0;
    for (int j = 0; j < outputWidth; j++) {
      higher += rankable(outputs.get(offset + j)) > truth ? 1 : 0;
    }
    return higher;
  }

  private static double rankable(double score) {
    return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
  }

  private int predict(double[] probabilities) {
    if (outputWidth == 1) {
      return probabilities[1] >= threshold ? 1 : 0;
    }
    int best = 0;
    for (int j = 1; j < outputWidth; j++) {
      // A NaN never wins, so a row of NaNs predicts class 0.
      if (probabilities[j] > probabilities[best] || Double.isNaN(probabilities[best])) {
        best = Double.isNaN(probabilities[j]) ? best : j;
      }
    }
    return best;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Collects what the evaluator measured; the metrics are computed once, on {@link #build()}. */
  static final class Builder {
    private String modelName;
    private String modelSha256;
    private String datasetName;
    private String datasetSha256;
    private List<String> classNames;
    private int outputWidth;
    private OutputActivation activation;
    private OutputActivation.Source activationSource;
    private double threshold;
    private int[] labels;
    private OutputStore outputs;
    private double samplesPerSecond;
    private float[] targets;

    Builder model(String name, String sha256) {
      this.modelName = Objects.requireNonNull(name);
      this.modelSha256 = Objects.requireNonNull(sha256);
      return this;
    }

    Builder dataset(String name, String sha256, List<String> classNames, int[] labels) {
      this.datasetName = Objects.requireNonNull(name);
      this.datasetSha256 = Objects.requireNonNull(sha256);
      this.classNames = classNames;
      this.labels = labels;
      return this;
    }

    Builder outputs(
        OutputStore outputs,
        int width,
        OutputActivation activation,
        OutputActivation.Source activationSource,
        double threshold) {
      this.outputs = outputs;
      this.outputWidth = width;
      this.activation = activation;
      this.activationSource = Objects.requireNonNull(activationSource);
      this.threshold = threshold;
      return this;
    }

    /** Makes the result a regression result with these targets, shaped like the outputs. */
    Builder targets(float[] targets) {
      this.targets = Objects.requireNonNull(targets);
      return this;
    }

    Builder samplesPerSecond(double samplesPerSecond) {
      this.samplesPerSecond = samplesPerSecond;
      return this;
    }

    EvaluationResult build() {
      return new EvaluationResult(this);
    }
  }
}
