package io.github.modelbudget.examples;

import io.github.modelbudget.junit.EvaluationData;
import io.github.modelbudget.junit.ModelBudget;
import io.github.modelbudget.junit.ModelUnderTest;
import io.github.modelbudget.junit.ModelVariants;
import io.github.modelbudget.junit.VariantTest;
import org.junit.jupiter.api.Nested;

/**
 * Budgets as annotations: each {@code @VariantTest} runs once per variant, and the {@code
 * ModelBudget} on it (refining the class's) is the assertion, so the bodies are empty. A variant
 * over budget fails with one message that lists every violated limit with the measured value.
 *
 * <p>Measured on the 50 held-out drawings (seed 42): every variant is right on 47 (0.94) and agrees
 * with the baseline on all 50; ZIP sizes are 13.7 kB (baseline), 6.8 kB (quantized, 2.0x smaller),
 * 4.6 kB (pruned, 3.0x) and 3.2 kB (pruned + quantized, 4.3x). The limits leave room for a few
 * drawings and a few hundred bytes.
 */
@QuickDrawExperiment
@ModelVariants(dir = "target/quickdraw/variants", baseline = "baseline")
@EvaluationData(
    path = "target/quickdraw/test.npz",
    classNames = {"The Eiffel Tower", "The Mona Lisa"})
@ModelBudget(minAccuracy = 0.90)
class QuickDrawBudgetTest {

  /** The class's budget alone: every variant, the baseline included, is at least 90% accurate. */
  @VariantTest
  void everyVariant_isAccurate(ModelUnderTest model) {}

  /**
   * Relative limits need a baseline to compare with, so the baseline itself is left out. An
   * accuracy drop counts only when McNemar's test on the paired predictions calls it significant:
   * on 50 drawings one or two flipped answers are noise.
   */
  @VariantTest(includeBaseline = false)
  @ModelBudget(
      maxAccuracyDrop = 0.02,
      significantDropsOnly = true,
      minAgreement = 0.96,
      maxZipSize = "8 kB",
      minSizeReduction = "45%")
  void everyOptimizedVariant_isSmallerAndAsGoodAsTheBaseline(ModelUnderTest model) {}

  /**
   * A stricter budget for the pruned variants only: their own {@code @ModelVariants} keeps the
   * baseline and {@code pruned*}, and every drop over one drawing counts, significant or not.
   */
  @Nested
  @ModelVariants(
      dir = "target/quickdraw/variants",
      baseline = "baseline",
      include = {"baseline.tflite", "pruned*.tflite"})
  class PrunedVariants {

    @VariantTest(includeBaseline = false)
    @ModelBudget(
        maxAccuracyDrop = 0.02,
        maxZipSize = "5 kB",
        minSizeReduction = "2.5x",
        maxNonzeroParameters = 1000)
    void prunedVariant_keepsAFewHundredWeightsInUnder5kB(ModelUnderTest model) {}
  }
}
