package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.testing.ConverterTailModels;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A converted Keras LSTM keeps its state in variable tensors across invocations: the evaluator
 * resets it, so each sample's output is what a fresh interpreter gives, whatever the sample order.
 */
class StatefulModelEvaluationTest {

  private static final int TIME = 5;
  private static final int FEATURES = 3;
  private static final int CLASSES = 4;
  private static final int SAMPLES = 10;

  private static final TfliteModel LSTM =
      ConverterTailModels.lstmClassifier("lstm", TIME, FEATURES, 6, CLASSES, 5L);

  private static float[] sequences() {
    return TestModels.gaussian(new SplittableRandom(21L), SAMPLES * TIME * FEATURES, 1.0);
  }

  private static Dataset dataset(boolean reversed) {
    float[] x = sequences();
    int size = TIME * FEATURES;
    float[] ordered = new float[x.length];
    int[] labels = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      int from = reversed ? SAMPLES - 1 - i : i;
      System.arraycopy(x, from * size, ordered, i * size, size);
      labels[i] = from % CLASSES;
    }
    return Dataset.of(
        reversed ? "reversed" : "in-order", new int[] {TIME, FEATURES}, ordered, labels, List.of());
  }

  /** Each sample's output from a session that ran nothing before it. */
  private static List<float[]> freshOutputs() {
    float[] x = sequences();
    int size = TIME * FEATURES;
    List<float[]> outputs = new ArrayList<>();
    try (LoadedModel loaded = InferenceBackend.tflite().load(LSTM)) {
      for (int i = 0; i < SAMPLES; i++) {
        float[] sample = new float[size];
        System.arraycopy(x, i * size, sample, 0, size);
        try (Session session = loaded.openSession()) {
          session.setInput(0, sample);
          session.invoke();
          outputs.add(session.output(0));
        }
      }
    }
    return outputs;
  }

  private static void assertOrderIndependent(Evaluator evaluator) {
    EvaluationResult inOrder = evaluator.evaluate(LSTM, dataset(false));
    EvaluationResult reversed = evaluator.evaluate(LSTM, dataset(true));
    List<float[]> fresh = freshOutputs();

    float[] a = inOrder.outputs();
    float[] b = reversed.outputs();
    double moved = 0;
    for (int i = 0; i < SAMPLES; i++) {
      int j = SAMPLES - 1 - i;
      for (int c = 0; c < CLASSES; c++) {
        moved = Math.max(moved, Math.abs(a[i * CLASSES + c] - b[j * CLASSES + c]));
      }
    }
    assertThat("largest output moved by the sample order", moved, is(0.0));
    for (int i = 0; i < SAMPLES; i++) {
      for (int c = 0; c < CLASSES; c++) {
        assertThat(
            "sample " + i + " class " + c + " against a fresh interpreter",
            a[i * CLASSES + c],
            is(fresh.get(i)[c]));
      }
    }
    assertThat(reversed.correctCount(), is(inOrder.correctCount()));
  }

  @Test
  void lstm_evaluatedInBothSampleOrders_givesIdenticalPerSampleOutputs() {
    assertOrderIndependent(Evaluator.defaults().withBatchSize(1));
  }

  @Test
  void lstm_evaluatedInBothSampleOrdersIsolated_givesIdenticalPerSampleOutputs() {
    assertOrderIndependent(IsolatedBackend.isolate(Evaluator.defaults().withBatchSize(1)));
  }

  @Test
  void lstm_defaultSettings_runsAtItsOwnBatchOfOneInBothOrders() {
    // The default batch of 64 cannot be used: the LSTM's state tensors are [1, units].
    assertOrderIndependent(Evaluator.defaults());
  }

  @Test
  void lstm_twoThreadsIsolated_runsAtItsOwnBatchOfOneInBothOrders() {
    assertOrderIndependent(IsolatedBackend.isolate(Evaluator.defaults().withThreads(2)));
  }

  @Test
  void lstmSession_resetVariableTensors_repeatsTheFirstOutput() {
    float[] sample = new float[TIME * FEATURES];
    System.arraycopy(sequences(), 0, sample, 0, sample.length);
    try (LoadedModel loaded = InferenceBackend.tflite().load(LSTM);
        Session session = loaded.openSession()) {
      session.setInput(0, sample);
      session.invoke();
      float[] first = session.output(0);
      session.invoke();
      float[] carried = session.output(0);
      session.resetVariableTensors();
      session.invoke();
      float[] reset = session.output(0);

      assertThat("the state carried over", java.util.Arrays.equals(carried, first), is(false));
      assertThat(reset, is(first));
    }
  }
}
