package io.github.modelbudget.harness.results;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LayerComparison;
import io.github.modelbudget.harness.eval.LayerReport;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.testing.TestModels;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-layer comparison in the run record: written, read back, and absent from old records. */
class LayerSummaryTest {

  private static final int FEATURES = 6;

  @Test
  void variantWithLayers_writtenAndRead_isEqualIncludingAnInfiniteSnr() {
    Dataset data = data();
    TfliteModel baseline = model("baseline", 1L);
    LayerReport changed = LayerComparison.withDefaults().compare(baseline, model("v", 2L), data);
    LayerReport same = LayerComparison.withDefaults().compare(baseline, baseline, data);
    RunRecord record =
        record(
            data,
            baseline,
            VariantRecord.of(baseline, evaluate(baseline, data))
                .withLayers(LayerSummary.of(changed)),
            VariantRecord.of(model("copy", 1L), evaluate(baseline, data))
                .withLayers(LayerSummary.of(same)));

    RunRecord read = RunRecords.fromJson("run.json", RunRecords.toJson(record));

    assertThat(read, equalTo(record));
    LayerSummary layers = read.variants().get(1).layers().orElseThrow();
    assertThat(layers.layers().get(0).snrDb(), is(Double.POSITIVE_INFINITY));
    assertThat(layers.layers().get(0).rmseOverScale().isPresent(), is(false));
    assertThat(
        read.variants().get(0).layers().orElseThrow().layers().get(0).rmse(),
        is(changed.layers().get(0).rmse()));
  }

  @Test
  void recordWithoutLayers_omitsTheFieldAndReadsBackEmpty() {
    Dataset data = data();
    TfliteModel baseline = model("baseline", 1L);
    RunRecord record = record(data, baseline, VariantRecord.of(baseline, evaluate(baseline, data)));

    String json = RunRecords.toJson(record);
    RunRecord read = RunRecords.fromJson("old.json", json);

    assertThat(json, not(containsString("\"layers\"")));
    assertThat(read.variants().get(0).layers(), is(Optional.empty()));
  }

  private static RunRecord record(Dataset data, TfliteModel baseline, VariantRecord... variants) {
    return RunRecord.create(
        data,
        EnvironmentSummary.of(Evaluator.defaults()),
        Optional.of(baseline.name()),
        List.of(variants));
  }

  private static EvaluationResult evaluate(TfliteModel model, Dataset data) {
    return Evaluator.defaults().evaluate(model, data);
  }

  private static TfliteModel model(String name, long seed) {
    return TfliteModel.fromBytes(name, TestModels.denseSigmoid(FEATURES, seed).model().bytes());
  }

  private static Dataset data() {
    SplittableRandom random = new SplittableRandom(5L);
    int n = 40;
    float[] x = TestModels.gaussian(random, n * FEATURES, 1.0);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i * FEATURES] > 0 ? 1 : 0;
    }
    return Dataset.of("gaussian", new int[] {FEATURES}, x, y, List.of("no", "yes"));
  }
}
