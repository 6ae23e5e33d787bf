package io.github.modelbudget.training.train;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.InvalidDataException;
import io.github.modelbudget.training.model.Activation;
import io.github.modelbudget.training.model.InvalidModelSpecException;
import io.github.modelbudget.training.model.SequentialModel;
import io.github.modelbudget.training.testing.StrokeImages;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static final TrainingConfig CONFIG =
      TrainingConfig.defaults()
          .withBatchSize(32)
          .withEpochs(3)
          .withLearningRate(0.005)
          .withValidationSplit(0.1);

  @Test
  void seedArchitecture_trainsThreeEpochs_classifiesHeldOutStrokesWellAboveChance() {
    Dataset train = StrokeImages.draw("strokes/train", 600, 2, 1);
    Dataset test = StrokeImages.draw("strokes/test", 300, 2, 2);
    List<EpochMetrics> seen = new ArrayList<>();

    TrainingResult result =
        new Trainer(CONFIG).train(StrokeImages.seedArchitecture(), train, seen::add);

    try (GraphPredictor predictor = GraphPredictor.open(result.model())) {
      assertThat(predictor.accuracy(test), greaterThan(0.9));
    }
    assertThat(seen, equalTo(result.history()));
    assertThat(seen.stream().map(EpochMetrics::epoch).toList(), contains(1, 2, 3));
    // 540 training samples at batch 32: 17 steps per epoch.
    assertThat(seen.stream().map(EpochMetrics::steps).toList(), contains(17L, 34L, 51L));
    assertThat(result.steps(), equalTo(51L));
    assertThat(seen.get(2).loss(), lessThan(seen.get(0).loss()));
    assertThat(seen.get(2).validationAccuracy().orElseThrow(), greaterThan(0.9));
  }

  @Test
  void softmaxHead_trainsWithCategoricalCrossEntropy_separatesThreeClasses() {
    SequentialModel model =
        SequentialModel.builder("strokes3", 28, 28)
            .reshape(28, 28, 1)
            .conv2d(8, 3, Activation.RELU)
            .maxPool2d(2)
            .flatten()
            .dropout(0.2)
            .dense(3, Activation.SOFTMAX)
            .build();
    Dataset train = StrokeImages.draw("strokes3/train", 600, 3, 3);

    TrainingResult result = new Trainer(CONFIG).train(model, train, TrainingListener.NONE);

    try (GraphPredictor predictor = GraphPredictor.open(result.model())) {
      assertThat(
          predictor.accuracy(StrokeImages.draw("strokes3/test", 300, 3, 4)), greaterThan(0.8));
    }
  }

  @Test
  void sameSeedAndData_trainTwice_giveBitIdenticalWeights() {
    Dataset train = StrokeImages.draw("strokes/train", 300, 2, 5);
    Trainer trainer = new Trainer(CONFIG.withEpochs(2).withSeed(42));

    TrainedModel first =
        trainer.train(StrokeImages.seedArchitecture(), train, TrainingListener.NONE).model();
    TrainedModel second =
        trainer.train(StrokeImages.seedArchitecture(), train, TrainingListener.NONE).model();

    assertThat(second, equalTo(first));
  }

  @Test
  void anotherSeed_train_givesOtherWeights() {
    Dataset train = StrokeImages.draw("strokes/train", 200, 2, 5);

    TrainedModel first =
        new Trainer(CONFIG.withEpochs(1).withSeed(1))
            .train(StrokeImages.seedArchitecture(), train, TrainingListener.NONE)
            .model();
    TrainedModel second =
        new Trainer(CONFIG.withEpochs(1).withSeed(2))
            .train(StrokeImages.seedArchitecture(), train, TrainingListener.NONE)
            .model();

    assertThat(second, not(equalTo(first)));
  }

  @Test
  void glorotUniform_drawsKernelsWithinKerasLimits_andZeroBiases() {
    TrainedModel initial =
        Initializers.glorotUniform(StrokeImages.seedArchitecture(), new SplittableRandom(7));

    // conv2d_1: 3×3×12 → 24, limit sqrt(6 / (9·12 + 9·24)) ≈ 0.1361
    float[] kernel = initial.weight("conv2d_1/kernel").orElseThrow().values();
    double limit = Math.sqrt(6.0 / (9 * 12 + 9 * 24));
    double max = 0;
    for (float w : kernel) {
      max = Math.max(max, Math.abs(w));
    }
    assertThat(max, allOf(lessThan(limit), greaterThan(0.9 * limit)));
    assertThat(initial.weight("dense/bias").orElseThrow().sparsity(), equalTo(1.0));
    assertThat(
        Initializers.glorotUniform(StrokeImages.seedArchitecture(), new SplittableRandom(7)),
        equalTo(initial));
  }

  @Nested
  @DisplayName("training inputs that do not fit")
  class BadInput {

    @Test
    void samplesOfAnotherShape_train_namesBothShapes() {
      Dataset wrong =
          Dataset.of("flat", new int[] {784}, new float[784 * 2], new int[] {0, 1}, List.of());

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> new Trainer(CONFIG).train(StrokeImages.seedArchitecture(), wrong, m -> {}));

      assertThat(e, instanceOf(ModelBudgetException.class));
      assertThat(
          e.getMessage(),
          allOf(containsString("flat"), containsString("[28, 28]"), containsString("[784]")));
    }

    @Test
    void threeClassesForASigmoidHead_train_namesBothClassCounts() {
      Dataset three = StrokeImages.draw("strokes3", 30, 3, 1);

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () -> new Trainer(CONFIG).train(StrokeImages.seedArchitecture(), three, m -> {}));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("strokes3"),
              containsString("predicts 2 classes"),
              containsString("has 3 classes")));
    }

    @Test
    void modelWithoutClassificationHead_train_saysWhichHeadsWork() {
      SequentialModel regression =
          SequentialModel.builder("regression", 28, 28).flatten().dense(1, Activation.NONE).build();
      Dataset data = StrokeImages.draw("strokes", 30, 2, 1);

      InvalidModelSpecException e =
          assertThrows(
              InvalidModelSpecException.class,
              () -> new Trainer(CONFIG).train(regression, data, m -> {}));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("regression"),
              containsString("Dense(1, sigmoid)"),
              containsString("Dense(1, none)")));
    }

    @Test
    void validationSplitLeavingNoTrainingSamples_train_isRejected() {
      Dataset one = StrokeImages.draw("tiny", 1, 2, 1);
      Dataset two =
          Dataset.of(
              "tiny", new int[] {28, 28}, one.features(0, 1), new int[] {1}, List.of("a", "b"));

      InvalidDataException e =
          assertThrows(
              InvalidDataException.class,
              () ->
                  new Trainer(CONFIG.withValidationSplit(0.5))
                      .train(StrokeImages.seedArchitecture(), two, m -> {}));

      assertThat(e.getMessage(), containsString("leaves no training samples out of 1"));
    }

    @Test
    void predictorOnSamplesOfAnotherShape_accuracy_namesBothShapes() {
      TrainedModel initial =
          Initializers.glorotUniform(StrokeImages.seedArchitecture(), new SplittableRandom(1));
      Dataset wrong =
          Dataset.of("small", new int[] {14, 14}, new float[196], new int[] {0}, List.of("a", "b"));

      try (GraphPredictor predictor = GraphPredictor.open(initial)) {
        InvalidDataException e =
            assertThrows(InvalidDataException.class, () -> predictor.accuracy(wrong));
        assertThat(e.getMessage(), allOf(containsString("[28, 28]"), containsString("[14, 14]")));
        IllegalArgumentException count =
            assertThrows(
                IllegalArgumentException.class, () -> predictor.predict(new float[700], 1));
        assertThat(count.getMessage(), containsString("784 values per sample but got 700"));
      }
    }

    @Test
    void weightsOfTheWrongShape_trainedModel_namesTheWeight() {
      SequentialModel model = StrokeImages.seedArchitecture();
      List<WeightTensor> weights =
          new ArrayList<>(Initializers.glorotUniform(model, new SplittableRandom(1)).weights());
      weights.set(0, new WeightTensor("conv2d/kernel", List.of(3, 3, 1, 11), new float[99]));

      InvalidModelSpecException e =
          assertThrows(InvalidModelSpecException.class, () -> new TrainedModel(model, weights));

      assertThat(
          e.getMessage(),
          allOf(
              containsString("conv2d/kernel"),
              containsString("[3, 3, 1, 12]"),
              containsString("[3, 3, 1, 11]")));
    }
  }
}
