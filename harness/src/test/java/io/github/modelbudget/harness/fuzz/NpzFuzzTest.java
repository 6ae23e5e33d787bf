package io.github.modelbudget.harness.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.FeatureStorage;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.data.NpzReader;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the {@code .npz} reader: lists the keys, then reads every array, then loads the first two
 * as a dataset whose features stay in the file ({@link FeatureStorage#MAPPED}).
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
      List<String> keys = reader.keys(file);
      for (String key : keys) {
        reader.read(file, key);
      }
      if (keys.size() >= 2) {
        // The first array as features left in the file (mapped in place or inflated), the second
        // as labels; then every feature value is read through the map.
        Dataset mapped =
            Datasets.load(
                file,
                LoadOptions.defaults()
                    .withLimits(FuzzFiles.LIMITS)
                    .withKeys(keys.get(0), keys.get(1))
                    .withFeatureStorage(FeatureStorage.MAPPED));
        float[] values = mapped.features(0, mapped.size());
        // And as the evaluator reads it: straight into a buffer, the same values.
        FloatBuffer buffer = FloatBuffer.allocate(values.length);
        mapped.copyFeatures(0, mapped.size(), buffer);
        if (!Arrays.equals(buffer.array(), values)) {
          throw new AssertionError("the features copied into a buffer differ from the array's");
        }
        mapped.sha256();
      }
    } catch (ModelBudgetException expected) {
      // rejected with the project's typed exception: the contract holds
    }
  }
}
