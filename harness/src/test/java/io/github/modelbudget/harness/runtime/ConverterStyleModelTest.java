package io.github.modelbudget.harness.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.testing.ConverterStyleModels;
import io.github.modelbudget.harness.testing.Reference;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A graph shaped like the converter's output (shape computed at run time) inspects and runs at any
 * batch.
 */
class ConverterStyleModelTest {

  @Test
  void inspect_converterStyleGraph_listsTheShapeOpsAndCountsOnlyWeights() {
    ConverterStyleModels.DynamicBatchDense m = ConverterStyleModels.dynamicBatchDense(6, 3L);

    ModelInfo info = m.model().inspect();

    assertThat(
        info.operators().stream().map(op -> op.name()).toList(),
        contains("SHAPE", "STRIDED_SLICE", "PACK", "RESHAPE", "FULLY_CONNECTED", "LOGISTIC"));
    assertThat(info.parameterCount(), is(36L + 1L));
    assertThat(info.inputs().get(0).shapeSignature(), contains(-1, 6, 6));
    assertThat(info.metadataNames(), contains("min_runtime_version"));
  }

  @Test
  void resizeBatch_converterStyleGraph_computesEverySample() {
    ConverterStyleModels.DynamicBatchDense m = ConverterStyleModels.dynamicBatchDense(6, 3L);
    TestModels.DenseSigmoid same =
        new TestModels.DenseSigmoid(m.model(), 36, m.weights(), m.bias());
    float[] x = TestModels.gaussian(new SplittableRandom(4L), 9 * 36, 1.0);
    try (LoadedModel loaded = InferenceBackend.tflite().load(m.model());
        Session session = loaded.openSession()) {
      for (int batch : new int[] {9, 1, 4}) {
        session.resizeBatch(batch);
        session.setInput(0, java.util.Arrays.copyOf(x, batch * 36));
        session.invoke();
        float[] p = session.output(0);

        assertThat(session.outputs().get(0).shape(), contains(batch, 1));
        for (int i = 0; i < batch; i++) {
          assertThat((double) p[i], closeTo(Reference.denseSigmoid(same, x, i * 36), 1e-5));
        }
      }
    }
  }
}
