package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.IdxReader;

/**
 * Fuzzes the IDX reader.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code IdxFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class IdxFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void idx_read_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      new IdxReader(FuzzFiles.LIMITS).read(FuzzFiles.write("fuzzed.idx", bytes));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
