package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.QuickDrawStrokeReader;
import io.github.modelbudget.harness.data.StrokeRenderer;

/**
 * Fuzzes the Quick, Draw! ndjson stroke reader and the renderer.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code StrokesFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class StrokesFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void strokes_readAndRender_acceptsOrRejectsTyped(byte[] bytes) {
    try {
      QuickDrawStrokeReader.render(
          FuzzFiles.write("fuzzed.ndjson", bytes),
          FuzzFiles.MAX_DRAWINGS,
          StrokeRenderer.quickDrawBitmaps());
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
