package io.github.modelbudget.harness.results;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Top-k in the run record: written, read back for any k, and absent from older records. */
class TopKRecordTest {

  private static final int CLASSES = 12;

  /** Class c scores {@code scale_c · x}: for x = 1 class 11 ranks first. */
  private static TfliteModel model(String name, float[] scales) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, 1);
    TensorRef w = b.constant("kernel", scales, CLASSES, 1);
    TensorRef bias = b.constant("bias", new float[CLASSES], CLASSES);
    TensorRef out = b.tensor("logits", TensorType.FLOAT32, -1, CLASSES);
    b.fullyConnected(x, w, bias, out, Activation.NONE).output(out);
    return b.build(name);
  }

  private static RunRecord record() {
    float[] base = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      base[c] = c;
    }
    float[] moved = base.clone();
    moved[9] = 0.5f; // class 9 falls from rank 2 to rank 10
    // labels 11, 10, 9, 8, 3 at x = 1: ranks 0, 1, 2, 3, 8
    Dataset data =
        Dataset.of(
            "d.npz",
            new int[] {1},
            new float[] {1, 1, 1, 1, 1},
            new int[] {11, 10, 9, 8, 3},
            List.of());
    Evaluator evaluator = Evaluator.defaults();
    TfliteModel baselineModel = model("baseline", base);
    TfliteModel variantModel = model("variant", moved);
    EvaluationResult baseline = evaluator.evaluate(baselineModel, data);
    EvaluationResult variant = evaluator.evaluate(variantModel, data);
    Budget budget = Budget.none().with(Metric.MIN_TOP_K_ACCURACY, "80%").withTopK(3);
    VariantRecord v =
        VariantRecord.of(variantModel, variant)
            .withComparison(Comparison.of(baseline, variant))
            .withBudget(
                BudgetCheck.check(
                    budget,
                    io.github.modelbudget.harness.budget.Measurements.of("variant")
                        .withEvaluation(variant)));
    return RunRecord.create(
        data,
        EnvironmentSummary.of(evaluator),
        Optional.of("baseline"),
        List.of(VariantRecord.of(baselineModel, baseline), v));
  }

  @Test
  void topK_writtenAndRead_answersAnyK() {
    RunRecord read = RunRecords.fromJson("run.json", RunRecords.toJson(record()));

    VariantRecord baseline = read.variant("baseline").orElseThrow();
    assertThat(baseline.evaluation().defaultTopK().getAsInt(), is(5));
    assertThat(baseline.evaluation().topK(1).orElseThrow().correct(), is(1L));
    assertThat(baseline.evaluation().topK(3).orElseThrow().correct(), is(3L));
    assertThat(baseline.evaluation().topK(5).orElseThrow().correct(), is(4L));
    assertThat(baseline.evaluation().topK(9).orElseThrow().correct(), is(5L));
    VariantRecord variant = read.variant("variant").orElseThrow();
    // Label 9 leaves the variant's top 3 and label 8 moves up into it (class 9 no longer above).
    assertThat(variant.evaluation().topK(3).orElseThrow().correct(), is(3L));
    var top3 = variant.comparison().orElseThrow().topK(3).orElseThrow();
    assertThat(top3.baselineOnlyHits(), is(1L));
    assertThat(top3.variantOnlyHits(), is(1L));
    // The recorded run checks as the live one did, top-k limits included.
    Budget budget = Budget.none().with(Metric.MIN_TOP_K_ACCURACY, "80%").withTopK(3);
    assertThat(
        BudgetCheck.check(budget, read.measurements("variant")), is(variant.budgets().get(0)));
  }

  @Test
  void olderRecordWithoutTopK_stillReads_andTopKIsNotMeasured() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tree = mapper.readTree(RunRecords.toJson(record()));
    for (JsonNode variant : tree.get("variants")) {
      ((ObjectNode) variant.get("evaluation")).remove("topKCounts");
      if (variant.hasNonNull("comparison")) {
        ((ObjectNode) variant.get("comparison")).remove("pairedTopK");
      }
    }

    RunRecord old = RunRecords.fromJson("old.json", mapper.writeValueAsString(tree));

    VariantRecord variant = old.variant("variant").orElseThrow();
    assertThat(variant.evaluation().topKCounts(), is(Optional.empty()));
    assertThat(variant.comparison().orElseThrow().pairedTopK(), is(Optional.empty()));
    Budget budget = Budget.none().with(Metric.MAX_TOP_K_ACCURACY_DROP, "1%");
    assertThat(
        BudgetCheck.check(budget, old.measurements("variant")).violations().get(0).message(),
        is(
            "top-5 accuracy drop not measured: the comparison's record predates top-k accuracy"
                + " (budget 1%)"));
  }
}
