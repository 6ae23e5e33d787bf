package io.github.modelbudget.harness.results;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import org.junit.jupiter.api.Test;

class InspectionSummaryTest {

  @Test
  void of_sparseModelWithADeadCopy_summarisesLiveTensorsWithTheirStorage() {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 4);
    float[] kernel = {0, 1, 0, 0, 0, 0, 2, 0};
    TensorRef sparse = b.sparseConstant("kernel", kernel, 2, 4);
    b.constant("kernel/unused_copy", kernel, 2, 4);
    TensorRef dense = b.tensor("kernel/dense", TensorType.FLOAT32, 2, 4);
    TensorRef bias = b.constant("bias", new float[] {1, 0}, 2);
    TensorRef y = b.tensor("y", TensorType.FLOAT32, -1, 2);
    b.densify(sparse, dense).fullyConnected(x, dense, bias, y, Activation.NONE).output(y);

    InspectionSummary summary = InspectionSummary.of(b.build("summary").inspect());

    assertThat(summary.parameters(), is(10L));
    assertThat(summary.nonzeroParameters(), is(3L));
    assertThat(summary.sparsity(), closeTo(0.7, 1e-12));
    assertThat(
        summary.tensors().stream().map(InspectionSummary.TensorSummary::name).toList(),
        contains("kernel", "bias"));
    assertThat(summary.tensors().get(0).storage(), startsWith("sparse (DENSE, SPARSE_CSR"));
    assertThat(summary.tensors().get(0).sparsity(), closeTo(0.75, 1e-12));
    assertThat(summary.tensors().get(1).storage(), is("dense"));
  }

  @Test
  void tensorSummary_writtenBeforeStorageExisted_readsAsDense() throws Exception {
    String json =
        "{\"name\":\"w\",\"type\":\"INT8\",\"shape\":[2,2],\"elements\":4,"
            + "\"sparsity\":0.5,\"quantization\":\"per-tensor\"}";

    InspectionSummary.TensorSummary tensor =
        new ObjectMapper().readValue(json, InspectionSummary.TensorSummary.class);

    assertThat(tensor.storage(), is("dense"));
  }
}
