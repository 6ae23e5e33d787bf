package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.eval.ClassMetrics;
import io.github.modelbudget.harness.eval.ConfusionMatrix;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Interval;
import io.github.modelbudget.harness.eval.OutputActivation;
import io.github.modelbudget.harness.eval.RegressionMetrics;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.eval.TopKCounts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An evaluation's metrics without its per-sample data.
 *
 * @param samples the number of samples
 * @param correct the samples predicted correctly
 * @param accuracy {@code correct / samples}
 * @param accuracyInterval the 95% Wilson score interval of the accuracy
 * @param classMetrics precision, recall and F1 per class
 * @param confusionMatrix the confusion matrix
 * @param logLoss the mean log loss
 * @param rocAuc the ROC AUC for two classes, if defined
 * @param nonFiniteOutputs the samples with a NaN or infinite output
 * @param samplesPerSecond the evaluation's throughput
 * @param threshold the sigmoid decision threshold
 * @param activation how the outputs were read
 * @param activationSource whether the activation was stated or inferred from the graph; a record
 *     written before this field existed reads as {@code INFERRED}, as it was then
 * @param topKCounts the top-k hits for every {@code k}; absent in records written before top-k
 *     accuracy was measured
 * @param warnings what looks wrong with the evaluation itself, e.g. "labels inverted? …" ({@link
 *     EvaluationResult#warnings()}); a record written before this field existed reads as none
 * @param regression a regression model's errors (then accuracy and log loss are NaN and the class
 *     metrics empty); empty for a classifier and in records written before regression existed
 */
public record EvaluationSummary(
    int samples,
    long correct,
    double accuracy,
    Interval accuracyInterval,
    List<ClassMetrics> classMetrics,
    ConfusionMatrix confusionMatrix,
    double logLoss,
    OptionalDouble rocAuc,
    int nonFiniteOutputs,
    double samplesPerSecond,
    double threshold,
    OutputActivation activation,
    OutputActivation.Source activationSource,
    Optional<TopKCounts> topKCounts,
    List<String> warnings,
    Optional<RegressionMetrics> regression) {

  /** Validates and copies. */
  public EvaluationSummary {
    Objects.requireNonNull(accuracyInterval, "accuracyInterval");
    classMetrics = List.copyOf(classMetrics);
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    Objects.requireNonNull(rocAuc, "rocAuc");
    Objects.requireNonNull(activation, "activation");
    activationSource =
        activationSource == null ? OutputActivation.Source.INFERRED : activationSource;
    topKCounts = topKCounts == null ? Optional.empty() : topKCounts;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    regression = regression == null ? Optional.empty() : regression;
  }

  /**
   * Creates a classifier's summary without top-k hits or warnings.
   *
   * @param samples the number of samples
   * @param correct the samples predicted correctly
   * @param accuracy {@code correct / samples}
   * @param accuracyInterval the 95% Wilson score interval of the accuracy
   * @param classMetrics precision, recall and F1 per class
   * @param confusionMatrix the confusion matrix
   * @param logLoss the mean log loss
   * @param rocAuc the ROC AUC for two classes, if defined
   * @param nonFiniteOutputs the samples with a NaN or infinite output
   * @param samplesPerSecond the evaluation's throughput
   * @param threshold the sigmoid decision threshold
   * @param activation how the outputs were read
   * @param activationSource whether the activation was stated or inferred from the graph
   */
  public EvaluationSummary(
      int samples,
      long correct,
      double accuracy,
      Interval accuracyInterval,
      List<ClassMetrics> classMetrics,
      ConfusionMatrix confusionMatrix,
      double logLoss,
      OptionalDouble rocAuc,
      int nonFiniteOutputs,
      double samplesPerSecond,
      double threshold,
      OutputActivation activation,
      OutputActivation.Source activationSource) {
    this(
        samples,
        correct,
        accuracy,
        accuracyInterval,
        classMetrics,
        confusionMatrix,
        logLoss,
        rocAuc,
        nonFiniteOutputs,
        samplesPerSecond,
        threshold,
        activation,
        activationSource,
        Optional.empty(),
        List.of(),
        Optional.empty());
  }

  /**
   * Returns the top-k accuracy for one {@code k}.
   *
   * @param k at least 1
   * @return the accuracy, or empty for a record written before top-k was measured
   */
  public Optional<TopKAccuracy> topK(int k) {
    return topKCounts.map(counts -> counts.at(k));
  }

  /**
   * Returns the {@code k} reported when none is asked for: 5 for 10 classes or more.
   *
   * @return the default {@code k}, or empty for fewer classes
   */
  public OptionalInt defaultTopK() {
    return TopKCounts.defaultK(confusionMatrix.classNames().size());
  }

  /**
   * Creates a summary whose activation was inferred.
   *
   * @param samples the number of samples
   * @param correct the samples predicted correctly
   * @param accuracy {@code correct / samples}
   * @param accuracyInterval the 95% Wilson score interval of the accuracy
   * @param classMetrics precision, recall and F1 per class
   * @param confusionMatrix the confusion matrix
   * @param logLoss the mean log loss
   * @param rocAuc the ROC AUC for two classes, if defined
   * @param nonFiniteOutputs the samples with a NaN or infinite output
   * @param samplesPerSecond the evaluation's throughput
   * @param threshold the sigmoid decision threshold
   * @param activation how the outputs were read
   */
  public EvaluationSummary(
      int samples,
      long correct,
      double accuracy,
      Interval accuracyInterval,
      List<ClassMetrics> classMetrics,
      ConfusionMatrix confusionMatrix,
      double logLoss,
      OptionalDouble rocAuc,
      int nonFiniteOutputs,
      double samplesPerSecond,
      double threshold,
      OutputActivation activation) {
    this(
        samples,
        correct,
        accuracy,
        accuracyInterval,
        classMetrics,
        confusionMatrix,
        logLoss,
        rocAuc,
        nonFiniteOutputs,
        samplesPerSecond,
        threshold,
        activation,
        OutputActivation.Source.INFERRED);
  }

  /**
   * Summarises an evaluation.
   *
   * @param result the evaluation
   * @return its metrics
   */
  public static EvaluationSummary of(EvaluationResult result) {
    return new EvaluationSummary(
        result.sampleCount(),
        result.correctCount(),
        result.accuracy(),
        result.accuracyInterval(),
        result.classMetrics(),
        result.confusionMatrix(),
        result.logLoss(),
        result.rocAuc(),
        result.nonFiniteOutputs(),
        result.samplesPerSecond(),
        result.threshold(),
        result.activation(),
        result.activationSource(),
        result.regression().isPresent() ? Optional.empty() : Optional.of(result.topKCounts()),
        result.warnings(),
        result.regression());
  }
}
