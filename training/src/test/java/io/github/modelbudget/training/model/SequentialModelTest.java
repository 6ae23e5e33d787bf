package io.github.modelbudget.training.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.format.Padding;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SequentialModelTest {

  private static SequentialModel seed() {
    return SequentialModel.builder("seed", 28, 28)
        .reshape(28, 28, 1)
        .conv2d(12, 3, Activation.RELU)
        .maxPool2d(2)
        .conv2d(24, 3, Activation.RELU)
        .maxPool2d(2)
        .flatten()
        .dense(1, Activation.SIGMOID)
        .build();
  }

  @Test
  void seedArchitecture_infersEveryLayersShape() {
    assertThat(
        seed().layerOutputShapes(),
        contains(
            List.of(28, 28, 1),
            List.of(26, 26, 12),
            List.of(13, 13, 12),
            List.of(11, 11, 24),
            List.of(5, 5, 24),
            List.of(600),
            List.of(1)));
    assertThat(seed().outputShape(), equalTo(List.of(1)));
    assertThat(seed().inputSize(), equalTo(784));
  }

  @Test
  void repeatedLayerKinds_areNamedLikeKeras() {
    assertThat(
        seed().layerNames(),
        contains(
            "reshape",
            "conv2d",
            "max_pooling2d",
            "conv2d_1",
            "max_pooling2d_1",
            "flatten",
            "dense"));
  }

  @Test
  void samePaddingAndStrides_roundUp() {
    SequentialModel model =
        SequentialModel.builder("same", 7, 7, 2)
            .conv2d(4, 5, 2, Padding.SAME, Activation.NONE)
            .add(new AveragePool2D(3, 2, Padding.SAME))
            .add(new MaxPool2D(2, 1, Padding.VALID))
            .build();

    assertThat(
        model.layerOutputShapes(), contains(List.of(4, 4, 4), List.of(2, 2, 4), List.of(1, 1, 4)));
  }

  @Test
  void equalDescriptions_areEqualValues() {
    assertThat(seed(), equalTo(seed()));
    assertThat(seed().layers().get(1), equalTo(Conv2D.of(12, 3, Activation.RELU)));
  }

  @Nested
  @DisplayName("layers that cannot apply")
  class BadModels {

    @Test
    void kernelLargerThanItsInput_isRejected_namingLayerAndShapes() {
      InvalidModelSpecException e =
          assertThrows(
              InvalidModelSpecException.class,
              () ->
                  SequentialModel.builder("big-kernel", 28, 28)
                      .reshape(28, 28, 1)
                      .maxPool2d(4)
                      .conv2d(8, 9, Activation.RELU)
                      .build());

      assertThat(e, instanceOf(ModelBudgetException.class));
      assertThat(
          e.getMessage(),
          allOf(
              containsString("big-kernel"),
              containsString("layer 2 (Conv2D(8, 9×9"),
              containsString("[7, 7, 1]"),
              containsString("larger than its input")));
    }

    @Test
    void convolutionOnAFlatInput_isRejected_suggestingAReshape() {
      InvalidModelSpecException e =
          assertThrows(
              InvalidModelSpecException.class,
              () ->
                  SequentialModel.builder("no-reshape", 28, 28)
                      .conv2d(8, 3, Activation.RELU)
                      .build());

      assertThat(
          e.getMessage(),
          allOf(
              containsString("layer 0"),
              containsString("rank-3 input"),
              containsString("[28, 28]"),
              containsString("Reshape")));
    }

    @Test
    void denseOnAnImage_isRejected_suggestingAFlatten() {
      InvalidModelSpecException e =
          assertThrows(
              InvalidModelSpecException.class,
              () ->
                  SequentialModel.builder("no-flatten", 8, 8, 3)
                      .dense(2, Activation.SOFTMAX)
                      .build());

      assertThat(
          e.getMessage(),
          allOf(
              containsString("layer 0 (Dense(2, softmax))"),
              containsString("[8, 8, 3]"),
              containsString("Flatten")));
    }

    @Test
    void poolWindowLargerThanItsInput_isRejected() {
      InvalidModelSpecException e =
          assertThrows(
              InvalidModelSpecException.class,
              () -> SequentialModel.builder("big-pool", 3, 3, 1).maxPool2d(4).build());

      assertThat(
          e.getMessage(), allOf(containsString("MaxPool2D(4×4"), containsString("[3, 3, 1]")));
    }

    @Test
    void reshapeToAnotherElementCount_isRejected() {
      InvalidModelSpecException e =
          assertThrows(
              InvalidModelSpecException.class,
              () -> SequentialModel.builder("reshape", 28, 28).reshape(27, 27, 1).build());

      assertThat(
          e.getMessage(), allOf(containsString("784 elements"), containsString("729 elements")));
    }

    @Test
    void noLayersOrAnEmptyInput_areRejected() {
      assertThat(
          assertThrows(
                  InvalidModelSpecException.class,
                  () -> SequentialModel.builder("empty", 4).build())
              .getMessage(),
          containsString("at least one layer"));
      assertThat(
          assertThrows(
                  InvalidModelSpecException.class,
                  () -> SequentialModel.builder("zero", 0, 4).flatten().build())
              .getMessage(),
          containsString("[0, 4]"));
    }

    @Test
    void invalidLayerArguments_areRejectedWhenTheLayerIsMade() {
      assertThat(
          assertThrows(IllegalArgumentException.class, () -> Conv2D.of(0, 3, Activation.RELU))
              .getMessage(),
          containsString("filters must be at least 1 but was 0"));
      assertThat(
          assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0)).getMessage(),
          containsString("rate must be in [0, 1)"));
    }
  }
}
