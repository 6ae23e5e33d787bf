package io.github.modelbudget.examples;

import static io.github.modelbudget.junit.ModelBudgetMatchers.agreesWithBaselineAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.smallerThanBaselineBy;
import static org.hamcrest.MatcherAssert.assertThat;

import io.github.modelbudget.junit.EvaluationData;
import io.github.modelbudget.junit.ModelBudget;
import io.github.modelbudget.junit.ModelUnderTest;
import io.github.modelbudget.junit.ModelVariants;
import io.github.modelbudget.junit.Variant;
import io.github.modelbudget.junit.VariantTest;
import org.junit.jupiter.api.Test;

@QuickDrawExperiment // makes the four variants below; leave it out for your own .tflite files
@ModelVariants(dir = "target/quickdraw/variants", baseline = "baseline")
@EvaluationData(
    path = "target/quickdraw/test.npz",
    classNames = {"The Eiffel Tower", "The Mona Lisa"})
class QuickDrawModelsTest {

  // Runs once per variant, the baseline included: [baseline], [pruned], [quantized], ...
  // Relative limits (the drop, the reduction) do not apply to the baseline itself.
  @VariantTest
  @ModelBudget(
      minAccuracy = 0.90,
      maxAccuracyDrop = 0.005,
      significantDropsOnly = true,
      maxZipSize = "16 kB",
      minSizeReduction = "45%")
  void staysWithinBudget(ModelUnderTest model) {} // the budget itself is the assertion

  @VariantTest(includeBaseline = false)
  void agreesWithBaseline(ModelUnderTest model) {
    assertThat(model.comparison(), agreesWithBaselineAtLeast(0.99));
  }

  @Test
  @ModelBudget(maxZipSize = "8 kB") // gates the injected variant too
  void quantizedIsHalfTheSize(@Variant("quantized") ModelUnderTest quantized) {
    assertThat(quantized, smallerThanBaselineBy("45%"));
  }
}
