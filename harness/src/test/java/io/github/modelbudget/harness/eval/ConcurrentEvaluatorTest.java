package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One evaluator shared by several threads gives the predictions of a single-threaded run. */
class ConcurrentEvaluatorTest {

  private static final int CALLERS = 6;
  private static final int ROUNDS = 4;

  private static Dataset data(int inputs) {
    SplittableRandom random = new SplittableRandom(31L);
    int n = 300;
    float[] x = TestModels.gaussian(random, n * inputs, 1.0);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i * inputs] + 0.4 * x[i * inputs + 1] > 0 ? 1 : 0;
    }
    return Dataset.of("gaussian", new int[] {inputs}, x, y, List.of("no", "yes"));
  }

  @Test
  void sharedEvaluator_sixCallersOverTwoModels_predictLikeOneThread() throws Exception {
    Dataset data = data(8);
    List<TfliteModel> models =
        List.of(
            TfliteModel.fromBytes("a", TestModels.denseSigmoid(8, 1L).model().bytes()),
            TfliteModel.fromBytes("b", TestModels.denseSigmoid(8, 2L).model().bytes()));
    Evaluator single = Evaluator.defaults().withThreads(1).withBatchSize(16);
    List<int[]> expectedPredictions = new ArrayList<>();
    List<float[]> expectedOutputs = new ArrayList<>();
    for (TfliteModel model : models) {
      EvaluationResult result = single.evaluate(model, data);
      expectedPredictions.add(result.predictions());
      expectedOutputs.add(result.outputs());
    }

    Evaluator shared = Evaluator.defaults().withThreads(3).withBatchSize(16);
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<EvaluationResult>> futures = new ArrayList<>();
      for (int call = 0; call < CALLERS * ROUNDS; call++) {
        TfliteModel model = models.get(call % models.size());
        futures.add(
            callers.submit(
                () -> {
                  start.await();
                  return shared.evaluate(model, data);
                }));
      }
      start.countDown();

      for (int call = 0; call < futures.size(); call++) {
        EvaluationResult result = futures.get(call).get();
        int m = call % models.size();
        assertThat("call " + call, result.predictions(), equalTo(expectedPredictions.get(m)));
        assertThat("call " + call, result.outputs(), equalTo(expectedOutputs.get(m)));
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
