package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a run measured of one model variant.
 *
 * @param name the variant's name
 * @param sha256 the digest of the model's bytes
 * @param sizes raw, gzip and ZIP sizes
 * @param inspection the weights' summary
 * @param evaluation the evaluation's metrics
 * @param comparison the comparison with the baseline; empty for the baseline itself
 * @param budgets the outcome of every budget checked
 * @param latency the latency, if measured
 * @param predictions every sample's outcome, if asked for
 * @param layers the per-layer comparison with the baseline, if made (absent in older records)
 */
public record VariantRecord(
    String name,
    String sha256,
    ModelSizes sizes,
    InspectionSummary inspection,
    EvaluationSummary evaluation,
    Optional<Comparison> comparison,
    List<BudgetOutcome> budgets,
    Optional<LatencyStats> latency,
    Optional<List<SamplePrediction>> predictions,
    Optional<LayerSummary> layers) {

  /** Validates and copies. */
  public VariantRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(sizes, "sizes");
    Objects.requireNonNull(inspection, "inspection");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(comparison, "comparison");
    budgets = List.copyOf(budgets);
    Objects.requireNonNull(latency, "latency");
    predictions = predictions.map(List::copyOf);
    Objects.requireNonNull(layers, "layers");
  }

  /**
   * Records a variant without a per-layer comparison.
   *
   * @param name the variant's name
   * @param sha256 the digest of the model's bytes
   * @param sizes raw, gzip and ZIP sizes
   * @param inspection the weights' summary
   * @param evaluation the evaluation's metrics
   * @param comparison the comparison with the baseline; empty for the baseline itself
   * @param budgets the outcome of every budget checked
   * @param latency the latency, if measured
   * @param predictions every sample's outcome, if asked for
   */
  public VariantRecord(
      String name,
      String sha256,
      ModelSizes sizes,
      InspectionSummary inspection,
      EvaluationSummary evaluation,
      Optional<Comparison> comparison,
      List<BudgetOutcome> budgets,
      Optional<LatencyStats> latency,
      Optional<List<SamplePrediction>> predictions) {
    this(
        name,
        sha256,
        sizes,
        inspection,
        evaluation,
        comparison,
        budgets,
        latency,
        predictions,
        Optional.empty());
  }

  /**
   * Returns a copy with the per-layer comparison with the baseline.
   *
   * @param summary the per-layer comparison
   * @return the new record
   */
  public VariantRecord withLayers(LayerSummary summary) {
    return new VariantRecord(
        name,
        sha256,
        sizes,
        inspection,
        evaluation,
        comparison,
        budgets,
        latency,
        predictions,
        Optional.of(summary));
  }

  /**
   * Records a variant without per-sample predictions, budgets, comparison or latency; add those
   * with the {@code with…} methods.
   *
   * @param model the variant's model, measured and inspected here
   * @param evaluation its evaluation
   * @return the record
   */
  public static VariantRecord of(TfliteModel model, EvaluationResult evaluation) {
    return of(model, ModelSizes.of(model), model.inspect(), evaluation);
  }

  /**
   * Records a variant whose sizes and inspection are already known.
   *
   * @param model the variant's model
   * @param sizes its sizes
   * @param info its inspection
   * @param evaluation its evaluation
   * @return the record
   */
  public static VariantRecord of(
      TfliteModel model, ModelSizes sizes, ModelInfo info, EvaluationResult evaluation) {
    return new VariantRecord(
        model.name(),
        model.sha256(),
        sizes,
        InspectionSummary.of(info),
        EvaluationSummary.of(evaluation),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns a copy with the comparison with the baseline.
   *
   * @param comparison the comparison
   * @return the new record
   */
  public VariantRecord withComparison(Comparison comparison) {
    return new VariantRecord(
        name,
        sha256,
        sizes,
        inspection,
        evaluation,
        Optional.of(comparison),
        budgets,
        latency,
        predictions,
        layers);
  }

  /**
   * Returns a copy with a budget outcome added.
   *
   * @param outcome the outcome
   * @return the new record
   */
  public VariantRecord withBudget(BudgetOutcome outcome) {
    List<BudgetOutcome> all = new ArrayList<>(budgets);
    all.add(outcome);
    return new VariantRecord(
        name, sha256, sizes, inspection, evaluation, comparison, all, latency, predictions, layers);
  }

  /**
   * Returns a copy without budget outcomes, e.g. before checking a recorded run again.
   *
   * @return the new record
   */
  public VariantRecord withoutBudgets() {
    return new VariantRecord(
        name,
        sha256,
        sizes,
        inspection,
        evaluation,
        comparison,
        List.of(),
        latency,
        predictions,
        layers);
  }

  /**
   * Returns a copy with the latency.
   *
   * @param latency the latency
   * @return the new record
   */
  public VariantRecord withLatency(LatencyStats latency) {
    return new VariantRecord(
        name,
        sha256,
        sizes,
        inspection,
        evaluation,
        comparison,
        budgets,
        Optional.of(latency),
        predictions,
        layers);
  }

  /**
   * Returns a copy holding every sample's label, prediction and raw output (and, for a regression
   * model, its targets).
   *
   * @param evaluation the evaluation this record summarises
   * @return the new record
   */
  public VariantRecord withPredictions(EvaluationResult evaluation) {
    int[] labels = evaluation.labels();
    int[] predicted = evaluation.predictions();
    int width = evaluation.outputWidth();
    float[] targets = evaluation.targets();
    List<SamplePrediction> samples = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      List<Float> output = new ArrayList<>(width);
      List<Float> target = new ArrayList<>(targets.length == 0 ? 0 : width);
      for (int j = 0; j < width; j++) {
        output.add(evaluation.output(i, j));
        if (targets.length > 0) {
          target.add(targets[i * width + j]);
        }
      }
      samples.add(
          new SamplePrediction(
              i,
              labels[i],
              predicted[i],
              output,
              targets.length == 0 ? Optional.empty() : Optional.of(target)));
    }
    return new VariantRecord(
        name,
        sha256,
        sizes,
        inspection,
        this.evaluation,
        comparison,
        budgets,
        latency,
        Optional.of(samples),
        layers);
  }
}
