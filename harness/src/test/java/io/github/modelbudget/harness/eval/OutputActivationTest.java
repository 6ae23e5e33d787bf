package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.harness.testing.ConverterTailModels;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How outputs are read comes from the graph, not from the values: a full-integer model's uint8
 * softmax sums to 1 only within a few 1/256ths, and must still be read as probabilities.
 */
class OutputActivationTest {

  private static final int CLASSES = 10;

  /** Logits 8 on the true class and 0 elsewhere: softmax 0.99699, stored as 255/256. */
  private static final TfliteModel UINT8_SOFTMAX =
      ConverterTailModels.uint8Softmax("uint8_softmax", CLASSES, 8f);

  private static Dataset oneHot() {
    int n = 20;
    float[] x = new float[n * CLASSES];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % CLASSES;
      x[i * CLASSES + y[i]] = 1f;
    }
    return Dataset.of("one-hot", new int[] {CLASSES}, x, y, List.of());
  }

  @Test
  void uint8SoftmaxOutput_auto_readAsProbabilitiesWithTheRightLogLoss() {
    Dataset data = oneHot();

    EvaluationResult result = Evaluator.defaults().evaluate(UINT8_SOFTMAX, data);

    float[] outputs = result.outputs();
    assertThat("the stored probability is 255/256", outputs[0], is(255 / 256f));
    double rowSum = 0;
    for (int c = 0; c < CLASSES; c++) {
      rowSum += outputs[c];
    }
    assertThat("off by more than the old 1e-3 tolerance", 1 - rowSum, closeTo(1 / 256.0, 1e-9));
    assertThat(result.activation(), is(OutputActivation.PROBABILITIES));
    assertThat(result.activationSource(), is(OutputActivation.Source.INFERRED));
    assertThat(result.logLoss(), closeTo(-Math.log(255 / 256.0), 1e-9));
    assertThat(result.accuracy(), is(1.0));
  }

  @Test
  void uint8SoftmaxOutput_statedLogits_appliesASecondSoftmax() {
    EvaluationResult result =
        Evaluator.defaults()
            .withActivation(OutputActivation.LOGITS)
            .evaluate(UINT8_SOFTMAX, oneHot());

    // softmax([255/256, 0, …, 0]) on the true class: what AUTO used to report.
    double e = Math.exp(255 / 256.0);
    assertThat(result.logLoss(), closeTo(-Math.log(e / (e + CLASSES - 1)), 1e-6));
    assertThat(result.activation(), is(OutputActivation.LOGITS));
    assertThat(result.activationSource(), is(OutputActivation.Source.STATED));
  }

  @Test
  void statedProbabilities_recordedAsStatedInTheRunRecord() {
    Dataset data = oneHot();
    Evaluator evaluator = Evaluator.defaults().withActivation(OutputActivation.PROBABILITIES);
    EvaluationResult result = evaluator.evaluate(UINT8_SOFTMAX, data);
    RunRecord record =
        RunRecord.create(
            data,
            EnvironmentSummary.of(evaluator),
            Optional.empty(),
            List.of(VariantRecord.of(UINT8_SOFTMAX, result)));

    String json = RunRecords.toJson(record);
    EvaluationSummary read = RunRecords.fromJson("run.json", json).variants().get(0).evaluation();

    assertThat(json, containsString("\"activationSource\" : \"STATED\""));
    assertThat(read.activation(), is(OutputActivation.PROBABILITIES));
    assertThat(read.activationSource(), is(OutputActivation.Source.STATED));
  }

  @Test
  void recordWithoutActivationSource_readsAsInferred() {
    Dataset data = oneHot();
    Evaluator evaluator = Evaluator.defaults();
    RunRecord record =
        RunRecord.create(
            data,
            EnvironmentSummary.of(evaluator),
            Optional.empty(),
            List.of(VariantRecord.of(UINT8_SOFTMAX, evaluator.evaluate(UINT8_SOFTMAX, data))));
    String older =
        RunRecords.toJson(record).replaceAll(",\\s*\"activationSource\" : \"INFERRED\"", "");

    EvaluationSummary read = RunRecords.fromJson("old.json", older).variants().get(0).evaluation();

    assertThat(older.contains("activationSource"), is(false));
    assertThat(read.activationSource(), is(OutputActivation.Source.INFERRED));
  }

  @Test
  void inferredFrom_softmaxLogisticAndPlainOutputs() {
    assertThat(
        OutputActivation.inferredFrom(EvalFixtures.multiClass("softmax", 3, true).inspect(), 0),
        is(OutputActivation.PROBABILITIES));
    assertThat(
        OutputActivation.inferredFrom(EvalFixtures.multiClass("logits", 3, false).inspect(), 0),
        is(OutputActivation.LOGITS));
    assertThat(
        OutputActivation.inferredFrom(EvalFixtures.binaryWatching("sigmoid", 2, 0).inspect(), 0),
        is(OutputActivation.PROBABILITIES));
    assertThat(
        OutputActivation.inferredFrom(UINT8_SOFTMAX.inspect(), 0),
        is(OutputActivation.PROBABILITIES));
  }
}
