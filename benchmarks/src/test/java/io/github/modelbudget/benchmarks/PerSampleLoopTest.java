package io.github.modelbudget.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The two paths the benchmark times give the same predictions (not timed here). */
class PerSampleLoopTest {

  @Test
  void evaluatorAndPerSampleLoop_onSeedCnn_predictTheSame() {
    Dataset images = SeedCnn.images(1_000, 42L);
    try (LoadedModel loaded = InferenceBackend.tflite().load(SeedCnn.model(7L));
        Session session = loaded.openSession()) {
      int[] loop = PerSampleLoop.predict(session, images, 0.5);
      EvaluationResult batched =
          Evaluator.defaults().withThreads(2).withBatchSize(128).evaluate(loaded, images);

      assertThat(batched.predictions(), equalTo(loop));
      // Both classes occur, so the comparison is not trivially all zeros or all ones.
      long ones = Arrays.stream(loop).filter(p -> p == 1).count();
      assertThat(ones, allOf(greaterThan(0L), lessThan((long) images.size())));
    }
  }
}
