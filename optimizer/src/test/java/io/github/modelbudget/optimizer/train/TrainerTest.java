package io.github.modelbudget.optimizer.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.optimizer.testing.StrokeImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  @Test
  void seedArchitecture_trainsOneEpoch_classifiesHeldOutStrokes() {
    Dataset train = StrokeImages.draw("strokes/train", 600, 2, 1);
    Dataset test = StrokeImages.draw("strokes/test", 300, 2, 2);
    List<EpochMetrics> seen = new ArrayList<>();
    long start = System.nanoTime();
    TrainingResult result =
        new Trainer(
                TrainingConfig.defaults()
                    .withBatchSize(32)
                    .withEpochs(3)
                    .withLearningRate(0.005)
                    .withValidationSplit(0.1))
            .train(StrokeImages.seedArchitecture(), train, seen::add);
    System.out.println("took " + (System.nanoTime() - start) / 1e6 + " ms " + seen);
    try (GraphPredictor predictor = GraphPredictor.open(result.model())) {
      assertThat(predictor.accuracy(test), greaterThan(0.9));
    }
  }
}
