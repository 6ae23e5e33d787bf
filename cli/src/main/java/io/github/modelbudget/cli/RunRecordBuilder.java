package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the evaluations of a baseline and its variants into a run record. */
final class RunRecordBuilder {

  private RunRecordBuilder() {}

  static RunRecord of(
      Evaluator evaluator,
      Dataset data,
      List<TfliteModel> models,
      TfliteModel baseline,
      Map<String, EvaluationResult> results) {
    EvaluationResult baseResult = results.get(baseline.name());
    ModelSizes baseSizes = ModelSizes.of(baseline);
    List<VariantRecord> variants = new ArrayList<>();
    for (TfliteModel model : models) {
      EvaluationResult result = results.get(model.name());
      VariantRecord variant = VariantRecord.of(model, result);
      if (!model.name().equals(baseline.name())) {
        variant =
            variant.withComparison(
                Comparison.of(baseResult, result, baseSizes, ModelSizes.of(model)));
      }
      variants.add(variant);
    }
    return RunRecord.create(
        data, EnvironmentSummary.of(evaluator), Optional.of(baseline.name()), variants);
  }

  /** Returns a copy of the record with other variants. */
  static RunRecord withVariants(RunRecord record, List<VariantRecord> variants) {
    return new RunRecord(
        record.schemaVersion(),
        record.runId(),
        record.timestamp(),
        record.baseline(),
        record.dataset(),
        record.environment(),
        variants,
        record.mergedFrom());
  }
}
