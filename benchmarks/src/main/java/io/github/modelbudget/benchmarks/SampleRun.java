package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A realistic run record for the report and writing benchmarks: the seed CNN and its pruned (at
 * growing sparsities) and quantized variants, evaluated on generated images and compared with the
 * baseline.
 */
public final class SampleRun {

  private SampleRun() {}

  /**
   * Builds, evaluates and records {@code variants} variants, the baseline first.
   *
   * @param variants the number of variants, the baseline included, at least 1
   * @param samples the number of test images
   * @return the run record
   */
  public static RunRecord record(int variants, int samples) {
    Dataset data = SeedCnn.images(samples, 42L);
    Evaluator evaluator = Evaluator.defaults();
    TfliteModel baseline = TfliteModel.fromBytes("baseline", SeedCnn.model(7L).bytes());
    EvaluationResult baseResult = evaluator.evaluate(baseline, data);
    List<VariantRecord> records = new ArrayList<>();
    records.add(VariantRecord.of(baseline, baseResult));
    for (int i = 1; i < variants; i++) {
      double sparsity = 0.3 + 0.6 * i / variants;
      TfliteModel pruned =
          new OneShotPruner(OneShotPruningOptions.perTensor(sparsity)).prune(baseline).model();
      TfliteModel model =
          i % 2 == 0 ? DynamicRangeQuantizer.withDefaults().quantize(pruned).model() : pruned;
      TfliteModel named =
          TfliteModel.fromBytes(
              String.format("pruned_%02d%s", Math.round(100 * sparsity), i % 2 == 0 ? "_q" : ""),
              model.bytes());
      EvaluationResult result = evaluator.evaluate(named, data);
      records.add(
          VariantRecord.of(named, result)
              .withComparison(
                  Comparison.of(
                      baseResult, result, ModelSizes.of(baseline), ModelSizes.of(named))));
    }
    return RunRecord.create(
        data, EnvironmentSummary.of(evaluator), Optional.of("baseline"), records);
  }
}
