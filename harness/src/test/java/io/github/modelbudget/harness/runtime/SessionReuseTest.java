package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.ConverterTailModels;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A closed session's interpreter is kept by its loaded model and opens the next session with the
 * same options, which starts as a new one would: the model's input shapes, no state carried over.
 */
class SessionReuseTest {

  private final InferenceBackend backend = InferenceBackend.tflite();

  @Test
  void resizedSession_closedAndReopened_startsAtTheModelsShape() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    float[] x = TestModels.gaussian(new SplittableRandom(3L), 20, 1.0);
    try (TfliteLoadedModel loaded = (TfliteLoadedModel) backend.load(m.model())) {
      float[] expected;
      try (Session session = loaded.openSession()) {
        session.setInput(0, x);
        session.invoke();
        expected = session.output(0);
        session.resizeBatch(8);
      }
      assertThat(loaded.idleInterpreters(), is(1));

      try (Session reopened = loaded.openSession()) {
        assertThat(loaded.idleInterpreters(), is(0));
        assertThat(reopened.inputs().get(0).shape(), contains(1, 20));
        reopened.setInput(0, x);
        reopened.invoke();
        assertThat(reopened.output(0), is(expected));
      }
    }
  }

  @Test
  void lstmSession_closedAndReopened_carriesNoState() {
    TfliteModel lstm = ConverterTailModels.lstmClassifier("lstm", 5, 3, 6, 4, 5L);
    float[] sample = TestModels.gaussian(new SplittableRandom(21L), 5 * 3, 1.0);
    try (TfliteLoadedModel loaded = (TfliteLoadedModel) backend.load(lstm)) {
      float[] first;
      float[] carried;
      try (Session session = loaded.openSession()) {
        session.setInput(0, sample);
        session.invoke();
        first = session.output(0);
        session.invoke();
        carried = session.output(0);
      }

      try (Session reopened = loaded.openSession()) {
        reopened.setInput(0, sample);
        reopened.invoke();
        assertThat("the state carried over", Arrays.equals(carried, first), is(false));
        assertThat(reopened.output(0), is(first));
      }
    }
  }

  @Test
  void idleInterpreter_opensOnlySessionsWithItsOptions() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    try (TfliteLoadedModel loaded = (TfliteLoadedModel) backend.load(m.model())) {
      loaded.openSession(SessionOptions.defaults().withXnnpack(true)).close();

      try (Session plain = loaded.openSession(SessionOptions.defaults().withXnnpack(false))) {
        assertThat(loaded.idleInterpreters(), is(1));
        assertThat(plain.executionPlan().delegatedOperators(), is(0));
      }
      try (Session delegated = loaded.openSession(SessionOptions.defaults().withXnnpack(true))) {
        assertThat(loaded.idleInterpreters(), is(1));
        assertThat(delegated.executionPlan().delegatedOperators(), not(0));
      }
    }
  }

  @Test
  void closingTheModel_freesItsIdleInterpreters() {
    TestModels.DenseSigmoid m = TestModels.denseSigmoid(20, 11L);
    TfliteLoadedModel loaded = (TfliteLoadedModel) backend.load(m.model());
    Session a = loaded.openSession();
    Session b = loaded.openSession();
    a.close();
    b.close();
    assertThat(loaded.idleInterpreters(), is(2));

    loaded.close();

    assertThat(loaded.idleInterpreters(), is(0));
  }
}
