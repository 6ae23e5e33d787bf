package io.github.modelbudget.harness.results;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LayerError;
import io.github.modelbudget.harness.eval.LayerReport;
import io.github.modelbudget.harness.eval.TensorMatch;
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
    LayerReport changed =
        new LayerReport(
            "baseline",
            "v",
            40,
            List.of(layer("p_int8", "p", 7.1, 0.2, 0.05), layer("logit", "logit", 39.6, 0.002, 0)));
    LayerReport same =
        new LayerReport(
            "baseline", "copy", 40, List.of(layer("p", "p", Double.POSITIVE_INFINITY, 0, 0)));
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
    LayerSummary.Layer worst = read.variants().get(0).layers().orElseThrow().layers().get(0);
    assertThat(worst.rmse(), is(0.2));
    assertThat(worst.rmseOverScale().getAsDouble(), closeTo(4.0, 1e-12));
    assertThat(worst.flagged(), is(true));
    assertThat(worst.match(), is("POSITION"));
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
        EnvironmentSummary.of(Evaluator.defaults().withThreads(1)),
        Optional.of(baseline.name()),
        List.of(variants));
  }

  private static LayerError layer(
      String tensor, String baselineTensor, double snr, double rmse, double scale) {
    return new LayerError(
        tensor,
        baselineTensor,
        "FULLY_CONNECTED",
        0,
        tensor.equals(baselineTensor) ? TensorMatch.NAME : TensorMatch.POSITION,
        4,
        rmse / 2,
        rmse * 3,
        rmse * rmse,
        rmse,
        scale,
        snr,
        0.9);
  }

  private static EvaluationResult evaluate(TfliteModel model, Dataset data) {
    return Evaluator.defaults().withThreads(1).evaluate(model, data);
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
