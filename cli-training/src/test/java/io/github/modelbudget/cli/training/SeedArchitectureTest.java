package io.github.modelbudget.cli.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.cli.SeedArchitecture;
import io.github.modelbudget.training.export.TfliteExporter;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.train.TrainedModel;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The slim command line's tests build the seed CNN without TensorFlow Java ({@link
 * SeedArchitecture}); it must be the very file the training module exports for the same initial
 * weights, so those tests run on what {@code optimize} writes.
 */
class SeedArchitectureTest {

  @ParameterizedTest
  @ValueSource(longs = {7L, 11L, 2026L})
  void untrainedSeedCnn_isByteForByteTheExportersFile(long seed) {
    byte[] exported =
        TfliteExporter.export(
                TrainedModel.initialized(Architectures.seedCnn("baseline"), seed), "baseline")
            .bytes();

    byte[] built = SeedArchitecture.untrained(seed).bytes();

    assertThat(Arrays.equals(built, exported), is(true));
  }
}
