package io.github.modelbudget.training.prune;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.ConstantSparsity;
import io.github.modelbudget.optimizer.prune.MagnitudeMask;
import io.github.modelbudget.optimizer.prune.MaskUpdate;
import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.training.export.TfliteExporter;
import io.github.modelbudget.training.testing.Parity;
import io.github.modelbudget.training.testing.StrokeImages;
import io.github.modelbudget.training.train.GraphPredictor;
import io.github.modelbudget.training.train.TrainedModel;
import io.github.modelbudget.training.train.Trainer;
import io.github.modelbudget.training.train.TrainingConfig;
import io.github.modelbudget.training.train.TrainingListener;
import io.github.modelbudget.training.train.WeightTensor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruningFineTunerTest {

  // 320 training samples at batch 32: 10 steps per epoch, 20 in two epochs.
  private static final TrainingConfig FINE_TUNING =
      TrainingConfig.defaults()
          .withBatchSize(32)
          .withEpochs(2)
          .withValidationSplit(0.2)
          .withLearningRate(0.001)
          .withSeed(5);
  // Masks updated at steps 0, 5 and 10; 10 is the end step, so the last update reaches 0.80 and
  // leaves 9 steps to recover.
  private static final PolynomialDecay SCHEDULE = new PolynomialDecay(0.50, 0.80, 0, 10, 3, 5);

  private TrainedModel baseline;
  private Dataset data;
  private Dataset test;
  private PrunedModel pruned;

  @BeforeAll
  void trainAndPrune() {
    data = StrokeImages.draw("strokes/train", 400, 2, 31);
    test = StrokeImages.draw("strokes/test", 300, 2, 32);
    baseline =
        new Trainer(TrainingConfig.defaults().withLearningRate(0.005).withEpochs(3))
            .train(StrokeImages.seedArchitecture(), data, TrainingListener.NONE)
            .model();
    pruned =
        PruningFineTuner.fineTune(baseline, data, FINE_TUNING, SCHEDULE, TrainingListener.NONE);
  }

  @Test
  void fineTune_updatesMasksOnTheSchedulesSteps_toItsSparsities() {
    assertThat(pruned.updates().stream().map(MaskUpdate::step).toList(), contains(0L, 5L, 10L));
    for (MaskUpdate update : pruned.updates()) {
      assertThat(update.targetSparsity(), equalTo(SCHEDULE.at(update.step()).sparsity()));
      assertThat(update.sparsityByKernel().keySet(), equalTo(Set.copyOf(baseline.kernelNames())));
    }
    assertThat(pruned.updates().get(0).targetSparsity(), equalTo(0.50));
    assertThat(pruned.updates().get(2).targetSparsity(), equalTo(0.80));
    assertThat(pruned.history().size(), equalTo(2));
    assertThat(pruned.history().get(1).steps(), equalTo(20L));
  }

  @Test
  void fineTune_leavesEveryKernelAtTheFinalSparsity_byTheRoundingRule() {
    for (String name : baseline.kernelNames()) {
      WeightTensor kernel = pruned.model().weight(name).orElseThrow();
      int kept = MagnitudeMask.keptCount(kernel.size(), SCHEDULE.finalSparsity());
      double expected = 1 - (double) kept / kernel.size();
      assertThat(name, kernel.sparsity(), equalTo(expected));
      assertThat(name, pruned.kernelSparsity().get(name), closeTo(0.80, 1.0 / kernel.size()));
    }
  }

  @Test
  void fineTune_neverPrunesBiases_andKeepsTheirShapes() {
    for (WeightTensor weight : pruned.model().weights()) {
      if (!weight.isKernel()) {
        assertThat(weight.name(), weight.sparsity(), lessThanOrEqualTo(1.0 / weight.size()));
        assertThat(weight.shape(), equalTo(baseline.weight(weight.name()).orElseThrow().shape()));
      }
    }
  }

  @Test
  void fineTune_keepsTheModelAccurate() {
    try (GraphPredictor predictor = GraphPredictor.open(pruned.model())) {
      assertThat(predictor.accuracy(test), greaterThan(0.85));
    }
  }

  @Test
  void prunedModel_exportsAndRunsInTflite_withItsZerosIntact() {
    TfliteModel exported = TfliteExporter.export(pruned.model(), "pruned");

    assertThat(Parity.maxAbsDifference(pruned.model(), exported, test), lessThanOrEqualTo(1e-5));
    long kernelZeros =
        exported.inspect().constants().stream()
            .filter(c -> c.name().endsWith("/kernel"))
            .mapToLong(c -> c.elementCount() - c.nonzeroCount())
            .sum();
    long expectedZeros =
        baseline.kernelNames().stream()
            .map(n -> pruned.model().weight(n).orElseThrow())
            .mapToLong(w -> w.size() - MagnitudeMask.keptCount(w.size(), 0.80))
            .sum();
    assertThat(kernelZeros, equalTo(expectedZeros));
  }

  @Test
  void constantSparsity_prunesEveryKernelToItsTarget() {
    PrunedModel constant =
        PruningFineTuner.fineTune(
            baseline,
            data,
            FINE_TUNING.withEpochs(1),
            new ConstantSparsity(0.6, 2, -1, 100),
            TrainingListener.NONE);

    assertThat(constant.updates().stream().map(MaskUpdate::step).toList(), contains(2L));
    for (String name : baseline.kernelNames()) {
      WeightTensor kernel = constant.model().weight(name).orElseThrow();
      assertThat(
          kernel.size() - nonzero(kernel),
          equalTo(kernel.size() - MagnitudeMask.keptCount(kernel.size(), 0.6)));
    }
  }

  @Test
  void seedSchedule_followsTheSeedsEndStepFormula() {
    // ceil(2000 × 0.9 / 128) × 2 = 15 × 2
    assertThat(
        PruningFineTuner.seedSchedule(2000),
        equalTo(new PolynomialDecay(0.50, 0.80, 0, 30, 3, 100)));
    // ceil(1000 × 0.8 / 32) × 3 = 25 × 3
    assertThat(PruningFineTuner.schedule(1000, 0.2, 32, 3).endStep(), equalTo(75L));
    TrainingConfig seed = PruningFineTuner.seedFineTuning();
    assertThat(seed.epochs(), equalTo(2));
    assertThat(seed.validationSplit(), equalTo(0.1));
    assertThat(seed.batchSize(), equalTo(32));
  }

  @Nested
  @DisplayName("data that does not fit")
  class BadInput {

    @Test
    void datasetOfAnotherSampleShape_fineTune_namesTheShapes() {
      Dataset small =
          Dataset.of(
              "small", new int[] {27, 27}, new float[27 * 27 * 2], new int[] {0, 1}, List.of());

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> PruningFineTuner.fineTune(baseline, small, FINE_TUNING, SCHEDULE, m -> {}));

      assertThat(e.getMessage(), containsString("small"));
      assertThat(e.getMessage(), containsString("[28, 28]"));
      assertThat(e.getMessage(), containsString("[27, 27]"));
    }
  }

  private static int nonzero(WeightTensor weight) {
    int count = 0;
    for (float v : weight.values()) {
      if (v != 0f) {
        count++;
      }
    }
    return count;
  }
}
