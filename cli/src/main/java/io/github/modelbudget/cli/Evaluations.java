package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates several models on one dataset, showing which one runs on the progress line. */
final class Evaluations {

  private Evaluations() {}

  static Map<String, EvaluationResult> run(
      Evaluator evaluator, List<TfliteModel> models, Dataset data, ProgressLine progress) {
    Map<String, EvaluationResult> results = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      TfliteModel model = models.get(i);
      progress.update("evaluating " + model.name(), i, models.size());
      results.put(model.name(), evaluator.evaluate(model, data));
    }
    progress.update("evaluated", models.size(), models.size());
    progress.finish();
    return results;
  }
}
