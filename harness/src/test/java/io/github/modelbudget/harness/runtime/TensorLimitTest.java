package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import org.junit.jupiter.api.Test;

/** A model that declares a tensor too large to allocate is rejected before the runtime sees it. */
class TensorLimitTest {

  @Test
  void tensorOverTheElementLimit_load_rejectedWithTheNumbers() {
    long declared = 2L * TfliteLoadedModel.DEFAULT_MAX_TENSOR_ELEMENTS;
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x =
        b.input("huge", TensorType.FLOAT32, 2, (int) TfliteLoadedModel.DEFAULT_MAX_TENSOR_ELEMENTS);
    TensorRef y =
        b.tensor(
            "sigmoid", TensorType.FLOAT32, 2, (int) TfliteLoadedModel.DEFAULT_MAX_TENSOR_ELEMENTS);
    b.logistic(x, y).output(y);
    TfliteModel model = b.build("huge");

    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> InferenceBackend.tflite().load(model));

    assertThat(
        e.getMessage(),
        allOf(
            containsString("'huge'"),
            containsString("declares " + declared + " elements"),
            containsString("limit of " + TfliteLoadedModel.DEFAULT_MAX_TENSOR_ELEMENTS),
            containsString(TfliteLoadedModel.MAX_TENSOR_ELEMENTS_PROPERTY)));
  }
}
