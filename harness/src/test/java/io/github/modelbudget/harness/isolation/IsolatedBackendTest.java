package io.github.modelbudget.harness.isolation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.TensorMismatchException;
import io.github.modelbudget.harness.testing.DeletesChildCrashReports;
import io.github.modelbudget.harness.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sessions in a child JVM: same results as in process, and a native crash there is survived. */
@ExtendWith(DeletesChildCrashReports.class)
class IsolatedBackendTest {

  private static final int INPUTS = 6;

  private static Dataset data() {
    SplittableRandom random = new SplittableRandom(11L);
    int n = 150;
    float[] x = TestModels.gaussian(random, n * INPUTS, 1.0);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i * INPUTS] - 0.5 * x[i * INPUTS + 2] > 0 ? 1 : 0;
    }
    return Dataset.of("gaussian", new int[] {INPUTS}, x, y, List.of("no", "yes"));
  }

  private static TfliteModel model(String name) {
    return TfliteModel.fromBytes(name, TestModels.denseSigmoid(INPUTS, 3L).model().bytes());
  }

  @Test
  void isolatedEvaluation_sameModelAndData_matchesInProcessPredictions() {
    Dataset data = data();
    Evaluator inProcess = Evaluator.defaults().withBatchSize(32);

    EvaluationResult expected = inProcess.evaluate(model("dense"), data);
    EvaluationResult isolated = IsolatedBackend.isolate(inProcess).evaluate(model("dense"), data);

    for (int i = 0; i < data.size(); i++) {
      assertThat("sample " + i, isolated.prediction(i), is(expected.prediction(i)));
    }
    assertThat(isolated.accuracy(), is(expected.accuracy()));
  }

  @Test
  void isolatedSession_resizeAndInvoke_returnsTheInProcessOutputs() {
    float[] input = TestModels.gaussian(new SplittableRandom(2L), 3 * INPUTS, 1.0);
    float[] expected;
    try (LoadedModel loaded = InferenceBackend.tflite().load(model("dense"));
        Session session = loaded.openSession()) {
      session.resizeBatch(3);
      session.setInput(0, input);
      session.invoke();
      expected = session.output(0);
    }

    try (LoadedModel loaded = IsolatedBackend.childJvm().load(model("dense"));
        Session session = loaded.openSession()) {
      session.resizeBatch(3);
      session.setInput(0, input);
      session.invoke();

      assertThat(session.inputs().get(0).shape(), equalTo(List.of(3, INPUTS)));
      assertThat(session.output(0), equalTo(expected));
    }
  }

  @Nested
  @DisplayName("when the child fails")
  class Failures {

    @Test
    void wrongInputLength_inChild_throwsTheTypedMismatch() {
      try (LoadedModel loaded = IsolatedBackend.childJvm().load(model("dense"));
          Session session = loaded.openSession()) {
        TensorMismatchException e =
            assertThrows(TensorMismatchException.class, () -> session.setInput(0, new float[5]));

        assertThat(e.getMessage(), containsString("5"));
        session.setInput(0, new float[INPUTS]);
        assertThat(session.invoke() >= 0, is(true));
      }
    }

    @Test
    void nativeCrashInChild_invoke_throwsNativeCrashNamingModelAndSignal() {
      // TEST-ONLY crash trigger: see CrashOnInvokeServer.
      IsolatedBackend crashing =
          IsolatedBackend.withServerMain(CrashOnInvokeServer.class.getName());

      try (LoadedModel loaded = crashing.load(model(CrashOnInvokeServer.CRASHING_MODEL));
          Session session = loaded.openSession()) {
        session.setInput(0, new float[INPUTS]);
        NativeCrashException e = assertThrows(NativeCrashException.class, session::invoke);

        assertThat(e.model(), is(CrashOnInvokeServer.CRASHING_MODEL));
        assertThat(e.exitCode(), anyOf(is(134), is(139)));
        assertThat(e.signal(), anyOf(is(Optional.of("SIGABRT")), is(Optional.of("SIGSEGV"))));
        assertThat(e.getMessage(), containsString("'" + CrashOnInvokeServer.CRASHING_MODEL + "'"));
        assertThat(e.getMessage(), containsString("during invoke with exit code " + e.exitCode()));
        // The diagnosis points at the crash report, written where the build keeps it (target/).
        Path report = e.crashReport().orElseThrow();
        assertThat(
            report.getParent(),
            is(Path.of(System.getProperty(IsolatedBackend.CRASH_REPORT_DIR_PROPERTY))));
        assertThat(e.getMessage(), containsString("crash report: " + report));
        // the child is gone for good: later calls report the same death
        assertThat(assertThrows(NativeCrashException.class, () -> session.output(0)), is(e));
      }
    }

    @Test
    void nativeCrashInChild_evaluate_failsThatModelAndTheNextOneRuns() {
      Dataset data = data();
      Evaluator evaluator =
          IsolatedBackend.isolate(
              Evaluator.defaults(),
              IsolatedBackend.withServerMain(CrashOnInvokeServer.class.getName()));

      NativeCrashException e =
          assertThrows(
              NativeCrashException.class,
              () -> evaluator.evaluate(model(CrashOnInvokeServer.CRASHING_MODEL), data));
      EvaluationResult next = evaluator.evaluate(model("dense"), data);

      assertThat(e.model(), is(CrashOnInvokeServer.CRASHING_MODEL));
      assertThat(
          next.accuracy(), is(Evaluator.defaults().evaluate(model("dense"), data).accuracy()));
    }
  }
}
