package io.github.modelbudget.training.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PipelineRecipeTest {

  @Test
  void seedScaledToSmallData_trainsLongerInTheExperimentsProportions() {
    PipelineRecipe recipe = PipelineRecipe.seed(42, 150);

    // ceil(10,000 / 150) = 67 passes over the 150 training drawings, twice that to fine-tune.
    assertThat(recipe.training().epochs(), is(67));
    assertThat(recipe.fineTuning().epochs(), is(134));
    assertThat(recipe.training().batchSize(), is(PipelineRecipe.seed(42).training().batchSize()));
    assertThat(recipe.fineTuning().validationSplit(), is(0.1));
    assertThat(recipe.training().seed(), is(42L));
  }

  @Test
  void seedScaledToTheExperimentsData_isTheExperimentsRecipe() {
    assertThat(PipelineRecipe.seed(7, 200_000), is(PipelineRecipe.seed(7)));
    assertThat(PipelineRecipe.seed(7, PipelineRecipe.MIN_SAMPLES_SEEN), is(PipelineRecipe.seed(7)));
    assertThat(
        PipelineRecipe.seed(7, PipelineRecipe.MIN_SAMPLES_SEEN - 1).training().epochs(), is(2));
  }

  @Test
  void seedScaledToNoData_isRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PipelineRecipe.seed(7, 0));

    assertThat(e.getMessage(), containsString("trainingSize must be at least 1, got 0"));
  }
}
