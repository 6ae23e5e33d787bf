package io.github.modelbudget.optimizer.prune;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.optimizer.quantize.FloatModels;
import io.github.modelbudget.optimizer.quantize.Tensors;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.ModelT;

/** {@link OneShotPruner} with a keep-dense filter on tensor, operator and layer names. */
class OneShotPrunerKeepDenseTest {

  @ParameterizedTest(name = "{0} keeps {1}")
  @CsvSource({
    "^dense/kernel$, dense/kernel", // the tensor's name
    "DEPTHWISE, depthwise/filter", // the reading operator's builtin name
    "^conv$, conv/filter" // the name of the reading operator's output (the layer)
  })
  void perTensor_keepsThePickedWeightAndPrunesTheOthersByTheRule(String regex, String kept) {
    FloatModels.Mixed mixed = FloatModels.mixed(61);
    ModelT before = mixed.model().schema();

    OneShotPruningResult result =
        new OneShotPruner(
                OneShotPruningOptions.perTensor(0.5)
                    .keepingDense(WeightFilter.of("keep-dense", regex)))
            .prune(mixed.model());

    ModelT after = result.model().schema();
    for (String name : List.of("conv/filter", "depthwise/filter", "dense/kernel")) {
      float[] original = Tensors.floats(before, name);
      float[] expected =
          name.equals(kept)
              ? original
              : ExpectedPruning.keep(original, ExpectedPruning.threshold(original, 0.5));
      assertThat(name, Tensors.floats(after, name), is(expected));
    }
    assertThat(
        result.report().tensors().stream().map(TensorSparsity::name).toList().contains(kept),
        is(false));
    assertThat(result.report().tensors().size(), is(2));
    assertThat(
        result.report().skipped(),
        contains(
            allOf(
                containsString("'" + kept + "'"),
                containsString("kept dense by the keep-dense pattern"))));
  }

  @Test
  void global_keptWeightIsLeftOutOfTheThreshold() {
    FloatModels.Mixed mixed = FloatModels.mixed(62);
    // Without the dense weights (the smallest), the global threshold is drawn over the others.
    float threshold =
        ExpectedPruning.threshold(ExpectedPruning.concat(mixed.conv(), mixed.depthwise()), 0.6);

    OneShotPruningResult result =
        new OneShotPruner(
                OneShotPruningOptions.global(0.6)
                    .keepingDense(WeightFilter.of("keep-dense", "FULLY_CONNECTED")))
            .prune(mixed.model());

    ModelT after = result.model().schema();
    assertThat(
        Tensors.floats(after, "conv/filter"), is(ExpectedPruning.keep(mixed.conv(), threshold)));
    assertThat(
        Tensors.floats(after, "depthwise/filter"),
        is(ExpectedPruning.keep(mixed.depthwise(), threshold)));
    assertThat(Tensors.floats(after, "dense/kernel"), is(mixed.dense()));
  }

  @Test
  void patternMatchingNoWeight_throwsNamingTheModelPatternAndWeights() {
    FloatModels.Mixed mixed = FloatModels.mixed(63);

    UnmatchedFilterException e =
        assertThrows(
            UnmatchedFilterException.class,
            () ->
                new OneShotPruner(
                        OneShotPruningOptions.perTensor(0.5)
                            .keepingDense(WeightFilter.of("keep-dense", "lstm")))
                    .prune(mixed.model()));

    assertThat(
        e.getMessage(),
        allOf(
            containsString(
                "mixed: the keep-dense pattern 'lstm' matches no weight that one-shot"
                    + " pruning changes"),
            containsString("'conv/filter', 'depthwise/filter', 'dense/kernel'")));
  }

  @Test
  void everyWeightKept_returnsTheModelUnchangedWithTheReasons() {
    FloatModels.Mixed mixed = FloatModels.mixed(64);

    OneShotPruningResult result =
        new OneShotPruner(
                OneShotPruningOptions.perTensor(0.5)
                    .keepingDense(WeightFilter.of("keep-dense", ".")))
            .prune(mixed.model());

    assertThat(result.model(), is(mixed.model()));
    assertThat(result.report().tensors().isEmpty(), is(true));
    assertThat(result.report().skipped().size(), is(3));
  }
}
