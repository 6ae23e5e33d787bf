package io.github.modelbudget.examples;

import static io.github.modelbudget.junit.ModelBudgetMatchers.accuracyAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.accuracyDropAtMost;
import static io.github.modelbudget.junit.ModelBudgetMatchers.agreesWithBaselineAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.gzippedSizeAtMost;
import static io.github.modelbudget.junit.ModelBudgetMatchers.hasAccuracyAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.hasInt8Weights;
import static io.github.modelbudget.junit.ModelBudgetMatchers.smallerThanBaselineBy;
import static io.github.modelbudget.junit.ModelBudgetMatchers.sparsityAtLeast;
import static io.github.modelbudget.junit.ModelBudgetMatchers.zipSizeAtMost;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.junit.EvaluationData;
import io.github.modelbudget.junit.ModelUnderTest;
import io.github.modelbudget.junit.ModelVariants;
import io.github.modelbudget.junit.Variant;
import io.github.modelbudget.junit.VariantTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same variants asserted in Hamcrest style with {@code ModelBudgetMatchers}: a failing matcher
 * shows the numbers behind it, e.g. {@code 'pruned' agreed with 'baseline' on 0.9400 (47 of 50
 * samples)}. Both classes share one evaluation of each variant: the extension evaluates a model on
 * a dataset once per JVM.
 */
@QuickDrawExperiment
@ModelVariants(dir = "target/quickdraw/variants", baseline = "baseline")
@EvaluationData(
    path = "target/quickdraw/test.npz",
    classNames = {"The Eiffel Tower", "The Mona Lisa"})
class QuickDrawMatchersTest {

  @VariantTest
  void everyVariant_classifiesMostHeldOutDrawings(ModelUnderTest model) {
    assertThat(model, hasAccuracyAtLeast(0.90));
    // 50 drawings give a wide Wilson interval; its lower end is what the data can promise.
    assertThat(model.evaluation().accuracyInterval().lower(), greaterThan(0.75));
  }

  @VariantTest(includeBaseline = false)
  void optimizedVariant_answersAsTheBaselineDoes(ModelUnderTest model) {
    assertThat(model.comparison(), agreesWithBaselineAtLeast(0.96));
    assertThat(model.comparison(), accuracyDropAtMost(0.02));
  }

  /**
   * TFLite's converter quantizes only weight tensors of at least 1,024 elements. In this CNN that
   * is the second convolution's kernel (3×3×12×24 = 2,592 weights): the first kernel (108) and the
   * dense one (600) stay float, so {@code hasInt8Weights()}, which wants every convolution and
   * dense kernel int8, does not match. Half the size is saved all the same.
   */
  @Test
  void quantized_storesItsLargeKernelAsInt8InHalfTheSpace(
      @Variant("quantized") ModelUnderTest quantized) {
    List<ConstantTensorInfo> int8 =
        quantized.info().constants().stream().filter(c -> c.type() == TensorType.INT8).toList();

    assertThat(int8, is(not(empty())));
    assertThat(
        int8.stream().map(ConstantTensorInfo::elementCount).toList(),
        everyItem(greaterThanOrEqualTo(1024L)));
    assertThat(quantized, allOf(not(hasInt8Weights()), smallerThanBaselineBy("45%")));
  }

  @Test
  void pruned_keepsFloatWeightsButFourInFiveAreZero(@Variant("pruned") ModelUnderTest pruned) {
    assertThat(pruned, allOf(not(hasInt8Weights()), sparsityAtLeast(0.75)));
    assertThat(pruned, zipSizeAtMost("5 kB"));
  }

  @Test
  void prunedAndQuantized_isTheSmallest(
      @Variant("pruned_quantized") ModelUnderTest both,
      @Variant("pruned") ModelUnderTest pruned,
      @Variant("quantized") ModelUnderTest quantized) {
    assertThat(both, allOf(sparsityAtLeast(0.75), smallerThanBaselineBy("3x")));
    assertThat(both, gzippedSizeAtMost("4 kB"));
    assertThat(
        both.sizes().zip(), lessThan(Math.min(pruned.sizes().zip(), quantized.sizes().zip())));
  }

  @Test
  void baseline_isDenseFloat(@Variant("baseline") ModelUnderTest baseline) {
    assertThat(baseline, not(hasInt8Weights()));
    assertThat(baseline.info().sparsity(), lessThan(0.01));
    assertThat(baseline.evaluation(), accuracyAtLeast(0.90));
  }
}
