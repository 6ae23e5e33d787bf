package io.github.modelbudget.benchmarks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import io.github.modelbudget.optimizer.variants.StandardVariants;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's variants are what their names say, and run (not timed here). */
class SeedVariantTest {

  private static final long WEIGHTS_SEED = 7L;

  private static List<TensorType> weightTypes(TfliteModel model) {
    return model.inspect().constants().stream()
        .filter(ConstantTensorInfo::parameter)
        .map(ConstantTensorInfo::type)
        .distinct()
        .toList();
  }

  private static float[] outputs(TfliteModel model, Dataset images) {
    try (LoadedModel loaded = InferenceBackend.tflite().load(model);
        Session session = loaded.openSession()) {
      session.resizeBatch(images.size());
      session.setInput(0, images.features(0, images.size()));
      session.invoke();
      return session.output(0);
    }
  }

  @Test
  void variants_startWithTheBaselineAndAreNamedAsTheStandardFamily() {
    List<String> names = Arrays.stream(SeedVariant.values()).map(SeedVariant::variantName).toList();

    assertThat(SeedVariant.values()[0], is(SeedVariant.BASELINE));
    assertThat(StandardVariants.NAMES, hasItem(SeedVariant.FLOAT16.variantName()));
    assertThat(SeedVariant.INT8.variantName(), is(StandardVariants.INT8));
    assertThat(names.stream().distinct().count(), is((long) names.size()));
  }

  @Test
  void float16_storesHalfWeights() {
    assertThat(
        weightTypes(SeedVariant.FLOAT16.build(WEIGHTS_SEED)), is(List.of(TensorType.FLOAT16)));
  }

  @Test
  void int8_storesNoFloatWeights() {
    assertThat(weightTypes(SeedVariant.INT8.build(WEIGHTS_SEED)), not(hasItem(TensorType.FLOAT32)));
  }

  /**
   * How far each variant's sigmoid may move from the baseline's on the benchmark's images;
   * measured: 0 (baseline), 4e-4 (quantized), 0.072 (both pruned), 2e-5 (float16), 0.012 (int8).
   */
  private static double tolerance(SeedVariant variant) {
    return switch (variant) {
      case BASELINE -> 0;
      case FLOAT16 -> 1e-3;
      case QUANTIZED, INT8 -> 0.05;
      // One-shot pruning of 80% of the weights, without fine-tuning, moves the outputs most.
      case PRUNED, PRUNED_QUANTIZED -> 0.25;
    };
  }

  @Test
  void everyVariant_runsAndStaysNearTheBaseline() {
    Dataset images = SeedCnn.images(VariantLatencyBenchmark.BATCH, 42L);
    float[] baseline = outputs(SeedVariant.BASELINE.build(WEIGHTS_SEED), images);

    for (SeedVariant variant : SeedVariant.values()) {
      float[] out = outputs(variant.build(WEIGHTS_SEED), images);
      List<Double> differences = new ArrayList<>();
      for (int i = 0; i < out.length; i++) {
        differences.add((double) Math.abs(out[i] - baseline[i]));
      }
      // NaN fails lessThanOrEqualTo too.
      assertThat(
          variant + " against the baseline",
          differences,
          everyItem(lessThanOrEqualTo(tolerance(variant))));
    }
  }
}
