package io.github.modelbudget.harness.fuzz;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.isolation.NativeCrashException;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.harness.runtime.TensorSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the runtime fuzz targets do with a model that passed verification: load, allocate, invoke
 * once on zeros and read every output, in a child JVM, so that a native crash is a finding (an
 * {@link AssertionError}) instead of the end of the fuzzing JVM.
 */
final class IsolatedRun {

  /** Inputs over this many elements are not fed, to keep each run small. */
  static final long MAX_ELEMENTS = 1 << 20;

  /**
   * Children that start fast: each run is one model, once, so C1 alone, a small serial heap and no
   * perf data file cut the start that dominates every execution.
   */
  private static final IsolatedBackend BACKEND =
      IsolatedBackend.childJvm(
          List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));

  /**
   * The models already run, by digest: the fuzzer often reaches one model from many inputs (a
   * mutation that changes nothing, or the same change twice), and each run costs a child JVM.
   */
  private static final Set<String> RUN = ConcurrentHashMap.newKeySet();

  private static final int MAX_REMEMBERED = 1 << 16;

  private IsolatedRun() {}

  /**
   * Runs the model once; a typed rejection is the contract holding.
   *
   * @param model a verified model
   * @throws AssertionError if the native runtime crashed
   */
  static void invokeOnZeros(TfliteModel model) {
    if (RUN.size() < MAX_REMEMBERED && !RUN.add(model.sha256())) {
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
