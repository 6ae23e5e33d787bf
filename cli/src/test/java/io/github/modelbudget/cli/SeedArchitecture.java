package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.training.export.TfliteExporter;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.train.TrainedModel;

/**
 * The network of the Quick, Draw! experiment with Keras's initial weights, untrained: a realistic
 * model for the command-line tests that need no training.
 */
final class SeedArchitecture {

  static final int SIDE = 28;

  private SeedArchitecture() {}

  static TfliteModel untrained(long seed) {
    return TfliteExporter.export(
        TrainedModel.initialized(Architectures.seedCnn("baseline"), seed), "baseline");
  }
}
