package io.github.modelbudget.optimizer.prune;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.FloatModels;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the ZIP sizes of the seed network's four variants, as the experiment ModelBudget grew
 * from did (its trained models gave 0.52 quantized, 0.41 pruned, 0.28 pruned + quantized relative
 * to the baseline). These weights are random, not trained: random floats compress worse than
 * trained ones, so the ratios differ; the ordering must hold.
 */
class SeedArchitectureSizesTest {

  private static final Logger LOG = LoggerFactory.getLogger(SeedArchitectureSizesTest.class);

  @ParameterizedTest
  @EnumSource(QuantizationScheme.class)
  void seedNetwork_variants_zipSmallerThanTheBaselineInTheExperimentsOrder(
      QuantizationScheme scheme) {
    TfliteModel baseline = FloatModels.seed(2026).model();
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(QuantizationOptions.defaults().withScheme(scheme));
    TfliteModel quantized = quantizer.quantize(baseline).model();
    TfliteModel pruned =
        new OneShotPruner(OneShotPruningOptions.perTensor(0.8)).prune(baseline).model();
    TfliteModel prunedQuantized = quantizer.quantize(pruned).model();

    long base = zip(baseline);
    long q = zip(quantized);
    long p = zip(pruned);
    long pq = zip(prunedQuantized);
    LOG.info(
        String.format(
            Locale.ROOT,
            "seed network ZIP sizes (%s scheme): baseline %d, quantized %d (%.2f), pruned 80%% %d (%.2f),"
                + " pruned + quantized %d (%.2f)",
            scheme,
            base,
            q,
            (double) q / base,
            p,
            (double) p / base,
            pq,
            (double) pq / base));
    assertThat(q, lessThan(base));
    assertThat(p, lessThan(base));
    assertThat(pq, lessThan(q));
    assertThat(pq, lessThan(p));
    ModelInfo info = prunedQuantized.inspect();
    assertThat(info.sparsity(), closeTo(0.8, 0.01));
  }

  private static long zip(TfliteModel model) {
    // One entry name for all variants, so that only the contents differ.
    return ModelSizes.of(model.bytes(), "model.tflite").zip();
  }
}
