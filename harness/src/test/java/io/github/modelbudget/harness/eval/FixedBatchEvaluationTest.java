package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.testing.ConverterTailModels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.TensorT;

/**
 * A model whose batch is fixed (no -1 in its shape signature, or no signature at all) runs at its
 * own batch, the last batch padded, whatever batch size the evaluator was given.
 */
class FixedBatchEvaluationTest {

  private static final int CLASSES = 5;
  private static final float GAIN = 3f;

  private static Dataset data(int n) {
    SplittableRandom random = new SplittableRandom(8L);
    float[] x = new float[n * CLASSES];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < n; i++) {
      y[i] = i % CLASSES;
    }
    return Dataset.of("uniform", new int[] {CLASSES}, x, y, List.of());
  }

  @Test
  void signatureWithoutDynamicDimension_defaultSettings_runsAtTheModelsBatch() {
    ModelT schema = ConverterTailModels.fixedBatchSoftmax("fixed", 4, CLASSES, GAIN).schema();
    TensorT input = schema.getSubgraphs()[0].getTensors()[schema.getSubgraphs()[0].getInputs()[0]];
    input.setShapeSignature(new int[] {4, CLASSES});
    TfliteModel model = TfliteModel.fromBytes("signed", schema.serializeToBinary());
    Dataset data = data(10);

    EvaluationResult result = Evaluator.defaults().evaluate(model, data);
    EvaluationResult reference =
        Evaluator.defaults()
            .evaluate(ConverterTailModels.fixedBatchSoftmax("one", 1, CLASSES, GAIN), data);

    assertThat(model.inspect().inputs().get(0).shapeSignature(), is(List.of(4, CLASSES)));
    float[] a = result.outputs();
    float[] b = reference.outputs();
    for (int i = 0; i < a.length; i++) {
      assertThat((double) a[i], closeTo(b[i], 1e-6));
    }
  }

  @ParameterizedTest(name = "model batch {0}, evaluator batch {1}, threads {2}, isolated {3}")
  @CsvSource({
    "4, 64, 1, false", // the default batch: 10 samples in 3 runs of 4, the last padded by 2
    "1, 64, 1, false",
    "8, 3, 2, false",
    "4, 64, 1, true"
  })
  void fixedBatchModel_tenSamples_runAtTheModelsBatchWithExactOutputs(
      int modelBatch, int evaluatorBatch, int threads, boolean isolated) {
    TfliteModel model =
        ConverterTailModels.fixedBatchSoftmax("fixed" + modelBatch, modelBatch, CLASSES, GAIN);
    Dataset data = data(10);
    Evaluator evaluator = Evaluator.defaults().withBatchSize(evaluatorBatch).withThreads(threads);

    EvaluationResult result =
        (isolated ? IsolatedBackend.isolate(evaluator) : evaluator).evaluate(model, data);

    float[] outputs = result.outputs();
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      float[] x = data.features(i, i + 1);
      double sum = 0;
      int best = 0;
      for (int c = 0; c < CLASSES; c++) {
        sum += Math.exp(GAIN * x[c]);
        best = x[c] > x[best] ? c : best;
      }
      for (int c = 0; c < CLASSES; c++) {
        assertThat(
            "sample " + i + " class " + c,
            (double) outputs[i * CLASSES + c],
            closeTo(Math.exp(GAIN * x[c]) / sum, 1e-6));
      }
      correct += best == data.label(i) ? 1 : 0;
    }
    assertThat(result.sampleCount(), is(10));
    assertThat(result.correctCount(), is((long) correct));
  }
}
