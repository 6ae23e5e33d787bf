package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.FeatureStorage;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.data.NpyReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the {@code .npy} reader, with small limits so the limit checks are reachable, reading the
 * bytes as a stream and mapping them as a Quick, Draw! class file.
 *
 * <p>Contract: the input is accepted, or rejected with a {@link ModelBudgetException}; any other
 * exception or error (index out of bounds, negative array size, out of memory, a hang) is a
 * finding. {@code mvn verify} replays the seed corpus in {@code NpyFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes for {@link FuzzFiles#DURATION} (see the README's Hardening note).
 */
class NpyFuzzTest {

  @FuzzTest(maxDuration = FuzzFiles.DURATION)
  void npy_read_acceptsOrRejectsTyped(byte[] bytes) throws IOException {
    try {
      new NpyReader(FuzzFiles.LIMITS)
          .read(new ByteArrayInputStream(bytes), "fuzzed.npy", Integer.MAX_VALUE);
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
    try {
      // The same bytes as a Quick, Draw! class file left in place (memory-mapped).
      Dataset mapped =
          Datasets.fromClassFiles(
              List.of(FuzzFiles.write("fuzzed.npy", bytes)),
              LoadOptions.defaults()
                  .withLimits(FuzzFiles.LIMITS)
                  .withMaxSamplesPerClass(FuzzFiles.MAX_DRAWINGS)
                  .withFeatureStorage(FeatureStorage.MAPPED));
      float[] values = mapped.features(0, mapped.size());
      // And as the evaluator reads it: straight into a buffer, the same values.
      FloatBuffer buffer = FloatBuffer.allocate(values.length);
      mapped.copyFeatures(0, mapped.size(), buffer);
      if (!Arrays.equals(buffer.array(), values)) {
        throw new AssertionError("the features copied into a buffer differ from the array's");
      }
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
