package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.isolation.NativeCrashException;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.TensorSpec;

/**
 * Fuzzes the path from bytes to a running session: verify, load, allocate, invoke once on zeros,
 * read every output. The native runtime may crash on a model that passes verification, so the
 * session runs in a child JVM ({@link IsolatedBackend}); a crash there is a finding (a {@link
 * NativeCrashException}), not the end of the fuzzing JVM. Inputs over {@value #MAX_ELEMENTS}
 * elements are not fed, to keep each run small.
 */
class SessionFuzzTest {

  private static final long MAX_ELEMENTS = 1 << 20;

  private static final IsolatedBackend BACKEND = IsolatedBackend.childJvm();

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void bytes_loadAllocateInvokeOnZeros_acceptsOrRejectsTyped(byte[] bytes) {
    TfliteModel model;
    try {
      model = TfliteModel.fromBytes("fuzzed", bytes);
    } catch (ModelBudgetException rejected) {
      return;
    }
    try (LoadedModel loaded = BACKEND.load(model);
        Session session = loaded.openSession()) {
      for (TensorSpec input : session.inputs()) {
        long elements =
            input.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        if (elements < 0 || elements > MAX_ELEMENTS) {
          return;
        }
        if (input.type() == TensorType.FLOAT32) {
          session.setInput(input.position(), new float[(int) elements]);
        } else if (input.type().elementBits() > 0) {
          session.setInputBytes(input.position(), new byte[(int) input.type().bytesFor(elements)]);
        }
      }
      session.invoke();
      for (TensorSpec output : session.outputs()) {
        session.outputBytes(output.position());
      }
    } catch (NativeCrashException crash) {
      throw new AssertionError("the native runtime crashed on a verified model: " + crash, crash);
    } catch (ModelBudgetException rejected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
