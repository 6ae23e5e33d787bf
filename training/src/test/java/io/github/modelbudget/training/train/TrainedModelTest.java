package io.github.modelbudget.training.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.model.SequentialModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainedModelTest {

  private final SequentialModel cnn = Architectures.seedCnn("cnn");

  @Test
  void initialized_drawsGlorotKernelsAndZeroBiasesFromTheSeed() {
    TrainedModel a = TrainedModel.initialized(cnn, 3);

    assertThat(a, is(TrainedModel.initialized(cnn, 3)));
    assertThat(
        a.weight("conv2d_1/kernel").orElseThrow().values(),
        not(TrainedModel.initialized(cnn, 4).weight("conv2d_1/kernel").orElseThrow().values()));
    // conv2d_1: 3×3 receptive field, 12 in, 24 out: limit sqrt(6 / (9·12 + 9·24)).
    double limit = Math.sqrt(6.0 / (9 * 12 + 9 * 24));
    float[] kernel = a.weight("conv2d_1/kernel").orElseThrow().values();
    double largest = 0;
    for (float v : kernel) {
      largest = Math.max(largest, Math.abs(v));
    }
    assertThat(largest, lessThanOrEqualTo(limit));
    assertThat(largest > limit * 0.9, is(true));
    float[] bias = a.weight("dense/bias").orElseThrow().values();
    assertThat(Arrays.equals(bias, new float[bias.length]), is(true));
  }
}
