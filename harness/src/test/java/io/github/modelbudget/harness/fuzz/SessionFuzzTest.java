package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.isolation.NativeCrashException;

/**
 * Fuzzes the path from bytes to a running session: verify, load, allocate, invoke once on zeros,
 * read every output. The native runtime may crash on a model that passes verification, so the
 * session runs in a child JVM ({@link IsolatedBackend}); a crash there is a finding (a {@link
 * NativeCrashException}), not the end of the fuzzing JVM. Inputs over {@value
 * IsolatedRun#MAX_ELEMENTS} elements are not fed, to keep each run small.
 */
class SessionFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void bytes_loadAllocateInvokeOnZeros_acceptsOrRejectsTyped(byte[] bytes) {
    TfliteModel model;
    try {
      model = TfliteModel.fromBytes("fuzzed", bytes);
    } catch (ModelBudgetException rejected) {
      return;
    }
    IsolatedRun.invokeOnZeros(model);
  }
}
