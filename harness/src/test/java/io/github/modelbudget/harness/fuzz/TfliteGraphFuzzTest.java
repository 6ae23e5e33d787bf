package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.TfliteModel;

/**
 * Fuzzes a model's graph rather than its bytes: {@link GraphMutations} turns the input into
 * mutations of a real-structure model through the schema's object API (operator input and output
 * vectors, tensor indices, option enums and integers, buffer references, shapes, operator codes,
 * subgraph inputs and outputs), and the result is verified, inspected and, if accepted, run once in
 * a child JVM ({@link IsolatedRun}).
 *
 * <p>Contract: a mutated model is rejected with a {@link ModelBudgetException} or runs; any other
 * exception, and a crash of the native runtime, is a finding. A random-bytes fuzzer rarely gets
 * past the flatbuffer verifier; this one always does, and lands on what only the graph checks can
 * catch (a MAX_POOL_2D with two outputs, a padding of 2). It runs for {@link #DURATION}, longer
 * than the byte-level targets, because every accepted model costs a child JVM.
 */
class TfliteGraphFuzzTest {

  /** How long {@code JAZZER_FUZZ=1} fuzzes this target. */
  static final String DURATION = "30s";

  @FuzzTest(maxDuration = DURATION)
  void mutatedGraph_verifyInspectInvoke_acceptsOrRejectsTyped(byte[] bytes) {
    TfliteModel model;
    try {
      model = TfliteModel.fromBytes("mutated", GraphMutations.apply(bytes));
      model.inspect();
    } catch (ModelBudgetException rejected) {
      return;
    }
    IsolatedRun.invokeOnZeros(model);
  }
}
