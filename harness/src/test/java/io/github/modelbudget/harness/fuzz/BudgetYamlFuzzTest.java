package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.budget.BudgetFile;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the budget-file parser on YAML.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code BudgetYamlFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class BudgetYamlFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void budgetYaml_parse_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      BudgetFile.parseYaml("fuzzed.yaml", new String(bytes, StandardCharsets.UTF_8));
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
