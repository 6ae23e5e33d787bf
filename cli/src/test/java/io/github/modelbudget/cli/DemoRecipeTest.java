package io.github.modelbudget.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.optimizer.pipeline.PipelineRecipe;
import org.junit.jupiter.api.Test;

class DemoRecipeTest {

  @Test
  void bundledSample_trainsLongerInTheExperimentsProportions() {
    PipelineRecipe recipe = DemoRecipe.scaledTo(150, 42);

    // ceil(10,000 / 150) = 67 passes over the 150 training drawings, twice that to fine-tune.
    assertThat(recipe.training().epochs(), is(67));
    assertThat(recipe.fineTuning().epochs(), is(134));
    assertThat(recipe.training().batchSize(), is(PipelineRecipe.seed(42).training().batchSize()));
    assertThat(recipe.fineTuning().validationSplit(), is(0.1));
  }

  @Test
  void fullData_isTheExperimentsRecipe() {
    assertThat(DemoRecipe.scaledTo(200_000, 7), is(PipelineRecipe.seed(7)));
    assertThat(DemoRecipe.scaledTo(DemoRecipe.MIN_SAMPLES_SEEN, 7), is(PipelineRecipe.seed(7)));
  }
}
