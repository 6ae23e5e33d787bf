package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.TfliteModel;

/**
 * Fuzzes the .tflite reader and inspector: {@code TfliteModel.fromBytes} then {@code inspect()}.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code TfliteModelFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class TfliteModelFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void tfliteModel_readAndInspect_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      TfliteModel model = TfliteModel.fromBytes("fuzzed", bytes);
      model.inspect();
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
