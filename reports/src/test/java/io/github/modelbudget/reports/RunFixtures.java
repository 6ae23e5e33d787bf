package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.Level;
import io.github.modelbudget.harness.budget.Limit;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.Interval;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.eval.TopKCounts;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Run records for report tests. {@link #realRun} evaluates four tiny dense classifiers (float,
 * pruned, int8 hybrid, pruned + int8) in the real TFLite runtime on a seeded dataset; the other
 * helpers derive records from it.
 */
final class RunFixtures {

  static final int FEATURES = 64;
  static final int SAMPLES = 400;

  private RunFixtures() {}

  /** The four variants with the usual names and class names. */
  static RunRecord realRun() {
    return realRun("baseline", "pruned", List.of("eiffel_tower", "mona_lisa"));
  }

  /**
   * Evaluates four variants. Budgets: every non-baseline variant has {@code minAccuracy 0.6}; the
   * pruned one also {@code maxZipSize 100 B} (always violated: an error); the quantized one {@code
   * maxZipSize 100 B} at level warn (always a warning).
   */
  static RunRecord realRun(String baselineName, String prunedName, List<String> classNames) {
    SplittableRandom random = new SplittableRandom(42L);
    float[] truth = gaussian(random, FEATURES);
    float[] x = gaussian(random, SAMPLES * FEATURES);
    int[] y = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      double dot = 0;
      for (int j = 0; j < FEATURES; j++) {
        dot += truth[j] * x[i * FEATURES + j];
      }
      y[i] = dot > 0 ? 1 : 0;
    }
    Dataset data = Dataset.of("seeded-gaussian", new int[] {FEATURES}, x, y, classNames);

    float[] weights = truth.clone();
    float[] noise = gaussian(random, FEATURES);
    for (int j = 0; j < FEATURES; j++) {
      weights[j] += 0.4f * noise[j];
    }
    float[] pruned = pruneHalf(weights);
    TfliteModel baseline = TfliteModel.fromBytes(baselineName, dense(weights).toBytes());
    TfliteModel prunedModel = TfliteModel.fromBytes(prunedName, dense(pruned).toBytes());
    TfliteModel quantized = TfliteModel.fromBytes("quantized", hybrid(weights).toBytes());
    TfliteModel both = TfliteModel.fromBytes("pruned_quantized", hybrid(pruned).toBytes());

    Evaluator evaluator = Evaluator.defaults().withThreads(1).withBatchSize(50);
    EvaluationResult base = evaluator.evaluate(baseline, data);
    List<VariantRecord> variants = new ArrayList<>();
    variants.add(
        VariantRecord.of(baseline, base)
            .withLatency(LatencyStats.of(new long[] {40_000, 42_000, 45_000, 60_000})));
    Budget common = Budget.none().with(Metric.MIN_ACCURACY, "0.6");
    variants.add(
        variant(
            evaluator,
            data,
            baseline,
            base,
            prunedModel,
            common.with(Metric.MAX_ZIP_SIZE, "100 B"),
            new long[] {30_000, 33_000, 35_000, 50_000}));
    variants.add(
        variant(
            evaluator,
            data,
            baseline,
            base,
            quantized,
            common.with(
                Metric.MAX_ZIP_SIZE,
                Limit.parse(Metric.MAX_ZIP_SIZE, "100 B").withLevel(Level.WARN)),
            new long[] {50_000, 52_000, 55_000, 90_000}));
    variants.add(variant(evaluator, data, baseline, base, both, common, null));
    return RunRecord.create(
        data, EnvironmentSummary.of(evaluator), Optional.of(baselineName), variants);
  }

  private static VariantRecord variant(
      Evaluator evaluator,
      Dataset data,
      TfliteModel baseline,
      EvaluationResult base,
      TfliteModel model,
      Budget budget,
      long[] latency) {
    EvaluationResult result = evaluator.evaluate(model, data);
    ModelSizes sizes = ModelSizes.of(model);
    ModelSizes baseSizes = ModelSizes.of(baseline);
    Comparison comparison = Comparison.of(base, result, baseSizes, sizes);
    Measurements measured =
        Measurements.of(model.name())
            .withEvaluation(result)
            .withComparison(comparison)
            .withSizes(sizes)
            .withBaselineSizes(baseSizes)
            .withNonzeroParameters(model.inspect().nonzeroParameterCount());
    VariantRecord record =
        VariantRecord.of(model, result)
            .withComparison(comparison)
            .withBudget(BudgetCheck.check(budget, measured));
    return latency == null ? record : record.withLatency(LatencyStats.of(latency));
  }

  /** A copy of a variant under another name, with other sizes, accuracy and latency. */
  static VariantRecord renamed(
      VariantRecord v, String name, long zip, double accuracy, Optional<LatencyStats> latency) {
    EvaluationSummary e = v.evaluation();
    EvaluationSummary changed =
        new EvaluationSummary(
            e.samples(),
            Math.round(accuracy * e.samples()),
            accuracy,
            new Interval(Math.max(0, accuracy - 0.03), Math.min(1, accuracy + 0.03)),
            e.classMetrics(),
            e.confusionMatrix(),
            e.logLoss(),
            e.rocAuc(),
            e.nonFiniteOutputs(),
            e.samplesPerSecond(),
            e.threshold(),
            e.activation());
    ModelSizes sizes =
        new ModelSizes(v.sizes().raw(), v.sizes().gzip(), zip, v.sizes().zipEntryName());
    return new VariantRecord(
        name,
        v.sha256(),
        sizes,
        v.inspection(),
        changed,
        v.comparison(),
        v.budgets(),
        latency,
        Optional.empty());
  }

  /** The same run with its variants replaced, under a new run id. */
  static RunRecord withVariants(RunRecord run, List<VariantRecord> variants) {
    return new RunRecord(
        run.schemaVersion(),
        UUID.randomUUID().toString(),
        run.timestamp(),
        run.baseline(),
        run.dataset(),
        run.environment(),
        variants,
        List.of(),
        List.of());
  }

  /** A run of {@code count} variants: the real four, then copies with varied sizes and accuracy. */
  static RunRecord manyVariants(int count) {
    RunRecord run = realRun();
    List<VariantRecord> variants = new ArrayList<>(run.variants());
    for (int i = variants.size(); i < count; i++) {
      VariantRecord source = run.variants().get(1 + i % 3);
      variants.add(
          renamed(
              source,
              String.format("candidate_%02d", i),
              source.sizes().zip() + 37L * i,
              0.80 + 0.015 * (i % 9),
              source.latency()));
    }
    return withVariants(run, variants);
  }

  private static TfliteModelBuilder dense(float[] weights) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef in = b.input("x", TensorType.FLOAT32, -1, weights.length);
    TensorRef w = b.constant("dense/kernel", weights, 1, weights.length);
    return finish(b, in, w);
  }

  private static TfliteModelBuilder hybrid(float[] weights) {
    float max = 0;
    for (float w : weights) {
      max = Math.max(max, Math.abs(w));
    }
    float scale = max / 127f;
    byte[] q = new byte[weights.length];
    for (int j = 0; j < weights.length; j++) {
      q[j] = (byte) Math.max(-127, Math.min(127, Math.round(weights[j] / scale)));
    }
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef in = b.input("x", TensorType.FLOAT32, -1, weights.length);
    TensorRef w =
        b.quantizedConstant(
            "dense/kernel",
            TensorType.INT8,
            q,
            QuantizationInfo.perChannel(0, scale),
            1,
            weights.length);
    return finish(b, in, w);
  }

  private static TfliteModelBuilder finish(TfliteModelBuilder b, TensorRef in, TensorRef w) {
    TensorRef bias = b.constant("dense/bias", new float[] {0.05f}, 1);
    TensorRef logit = b.tensor("dense/logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(in, w, bias, logit, Activation.NONE, true).logistic(logit, p).output(p);
    return b;
  }

  private static float[] pruneHalf(float[] weights) {
    float[] sorted = new float[weights.length];
    for (int j = 0; j < weights.length; j++) {
      sorted[j] = Math.abs(weights[j]);
    }
    Arrays.sort(sorted);
    float threshold = sorted[weights.length / 2];
    float[] pruned = weights.clone();
    for (int j = 0; j < pruned.length; j++) {
      if (Math.abs(pruned[j]) < threshold) {
        pruned[j] = 0;
      }
    }
    return pruned;
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  /** The variant's record with other top-k counts (empty: as written before top-k existed). */
  static VariantRecord withTopKCounts(VariantRecord v, Optional<TopKCounts> counts) {
    EvaluationSummary e = v.evaluation();
    EvaluationSummary changed =
        new EvaluationSummary(
            e.samples(),
            e.correct(),
            e.accuracy(),
            e.accuracyInterval(),
            e.classMetrics(),
            e.confusionMatrix(),
            e.logLoss(),
            e.rocAuc(),
            e.nonFiniteOutputs(),
            e.samplesPerSecond(),
            e.threshold(),
            e.activation(),
            e.activationSource(),
            counts,
            e.warnings(),
            e.regression());
    return new VariantRecord(
        v.name(),
        v.sha256(),
        v.sizes(),
        v.inspection(),
        changed,
        v.comparison(),
        v.budgets(),
        v.latency(),
        v.predictions(),
        v.layers());
  }
}
