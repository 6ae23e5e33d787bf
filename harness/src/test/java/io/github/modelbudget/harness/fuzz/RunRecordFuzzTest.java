package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.results.RunRecords;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the run-record reader ({@code RunRecords.fromJson}).
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code RunRecordFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class RunRecordFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void runRecord_fromJson_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      RunRecords.fromJson("fuzzed.json", new String(bytes, StandardCharsets.UTF_8));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
