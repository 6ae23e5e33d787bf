package io.github.modelbudget.optimizer.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.LayerComparison;
import io.github.modelbudget.harness.eval.LayerError;
import io.github.modelbudget.harness.eval.LayerReport;
import io.github.modelbudget.harness.eval.TensorMatch;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.Float16Quantizer;
import io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import org.junit.jupiter.api.Test;

/** The per-layer comparison finds the one layer whose weights an outlier makes fragile. */
class FragileLayerComparisonTest {

  private final TfliteModel baseline = FragileLayerModel.model();
  private final Dataset data = FragileLayerModel.data(100, 23L);

  @Test
  void fullInteger_fragileLayerIsRankedWorstAndIsTheOnlyOneFlagged() {
    TfliteModel int8 =
        FullIntegerQuantizer.withDefaults()
            .quantize(baseline, FragileLayerModel.data(200, 29L))
            .model();

    LayerReport report = LayerComparison.withDefaults().compare(baseline, int8, data);

    LayerError worst = report.worst().orElseThrow();
    assertThat(worst.baselineTensor(), is(FragileLayerModel.FRAGILE));
    // The quantizer renamed the int8 tensor behind the float output's DEQUANTIZE.
    assertThat(worst.match(), is(TensorMatch.POSITION));
    assertThat(worst.rmseOverScale().getAsDouble(), greaterThan(LayerError.FLAG_THRESHOLD));
    assertThat(report.flagged(), contains(worst));
    assertThat(
        report.layers().subList(1, report.layers().size()).stream()
            .map(l -> l.rmseOverScale().getAsDouble())
            .toList(),
        everyItem(lessThan(LayerError.FLAG_THRESHOLD)));
  }

  @Test
  void float16_dequantizeOperatorsAside_pairsEveryLayerByNameWithLittleError() {
    TfliteModel half = Float16Quantizer.withDefaults().quantize(baseline).model();

    LayerReport report = LayerComparison.withDefaults().compare(baseline, half, data);

    assertThat(
        report.layers().stream().map(LayerError::match).toList(), everyItem(is(TensorMatch.NAME)));
    assertThat(report.layers().size(), is(3));
    assertThat(
        report.layers().stream().map(LayerError::snrDb).toList(), everyItem(greaterThan(50.0)));
  }

  @Test
  void perTensorDynamicRange_fragileLayerIsRankedWorstByFar() {
    TfliteModel hybrid =
        new DynamicRangeQuantizer(
                QuantizationOptions.defaults().withScheme(QuantizationScheme.TF_2_4))
            .quantize(baseline)
            .model();

    LayerReport report = LayerComparison.withDefaults().compare(baseline, hybrid, data);

    assertThat(report.layers().size(), is(3));
    LayerError worst = report.worst().orElseThrow();
    assertThat(worst.baselineTensor(), is(FragileLayerModel.FRAGILE));
    // Activations stay float in a dynamic-range model: there is no scale to flag by.
    assertThat(report.flagged(), is(empty()));
    assertThat(report.layers().get(1).snrDb() - worst.snrDb(), greaterThan(10.0));
  }
}
