package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.NpzReader;
import java.nio.file.Path;

/**
 * Fuzzes the {@code .npz} reader: lists the keys, then reads every array.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code NpzFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class NpzFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void npz_readEveryKey_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      Path file = FuzzFiles.write("fuzzed.npz", bytes);
      NpzReader reader = new NpzReader(FuzzFiles.LIMITS);
      for (String key : reader.keys(file)) {
        reader.read(file, key);
      }
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
