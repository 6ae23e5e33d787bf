package io.github.modelbudget.training.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.training.testing.StrokeImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The experiment's pipeline end to end on generated stroke images, with the seed's network. */
class VariantPipelineTest {

  private static final Logger LOG = LoggerFactory.getLogger(VariantPipelineTest.class);

  @TempDir static Path out;
  static PipelineResult result;
  static Dataset test;
  static final List<String> stages = new ArrayList<>();

  @BeforeAll
  static void runPipeline() {
    Dataset train = StrokeImages.draw("strokes/train", 2_000, 2, 11L);
    test = StrokeImages.draw("strokes/test", 600, 2, 12L);
    result =
        VariantPipeline.run(
            StrokeImages.seedArchitecture(),
            train,
            PipelineRecipe.seed(7L),
            out,
            new PipelineListener() {
              @Override
              public void stageStarted(String stage) {
                stages.add(stage);
              }
            });
  }

  private static EvaluationResult evaluate(String variant) {
    return Evaluator.defaults().evaluate(TfliteModel.read(result.file(variant)), test);
  }

  @Test
  void run_writesTheFourVariantsAndTheManifest_andNothingElse() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      assertThat(
          files.map(f -> f.getFileName().toString()).toList(),
          containsInAnyOrder(
              "baseline.tflite",
              "quantized.tflite",
              "pruned.tflite",
              "pruned_quantized.tflite",
              "manifest.json"));
    }
    assertThat(stages, contains("train baseline", "prune", "quantize", "write"));
  }

  @Test
  void everyVariant_runsInTflite_andTheBaselineLearned() {
    EvaluationResult baseline = evaluate("baseline");
    EvaluationResult quantized = evaluate("quantized");
    EvaluationResult pruned = evaluate("pruned");
    EvaluationResult prunedQuantized = evaluate("pruned_quantized");
    LOG.info(
        "accuracy on {} held-out images: baseline {}, quantized {}, pruned {}, pruned+quantized {}",
        test.size(),
        baseline.accuracy(),
        quantized.accuracy(),
        pruned.accuracy(),
        prunedQuantized.accuracy());

    assertThat(baseline.accuracy(), greaterThan(0.9));
    assertThat(Math.abs(quantized.accuracy() - baseline.accuracy()), lessThan(0.01));
    assertThat(pruned.accuracy(), greaterThan(0.85));
    assertThat(Math.abs(prunedQuantized.accuracy() - pruned.accuracy()), lessThan(0.01));
  }

  @Test
  void pruned_kernelsReachTheScheduleFinalSparsity_andQuantizationKeepsTheZeros() {
    for (String variant : List.of("pruned", "pruned_quantized")) {
      Map<String, Double> sparsity =
          result.manifest().variants().stream()
              .filter(v -> v.name().equals(variant))
              .findFirst()
              .orElseThrow()
              .kernelSparsity();
      assertThat(
          sparsity.keySet(),
          containsInAnyOrder("conv2d/kernel", "conv2d_1/kernel", "dense/kernel"));
      // k = max(round(size · 0.2), 1) weights survive: sparsity within one weight of 0.8.
      sparsity.forEach(
          (kernel, s) -> assertThat(variant + " " + kernel, s, closeTo(0.8, 1.0 / 108)));
    }
  }

  @Test
  void quantized_storesTheLargeConvolutionAsInt8PerChannel() {
    TfliteModel quantized = TfliteModel.read(result.file("quantized"));
    var filter =
        quantized.inspect().constants().stream()
            .filter(c -> c.name().equals("conv2d_1/kernel"))
            .findFirst()
            .orElseThrow();

    assertThat(filter.type(), is(TensorType.INT8));
    assertThat(filter.quantization().orElseThrow().scales().size(), is(24));
  }

  @Test
  void sizes_shrinkLikeTheExperiments() {
    long baseline = ModelSizes.of(TfliteModel.read(result.file("baseline"))).zip();
    double quantized = ratio("quantized", baseline);
    double pruned = ratio("pruned", baseline);
    double prunedQuantized = ratio("pruned_quantized", baseline);
    LOG.info(
        "ZIP sizes relative to the baseline ({} B): quantized {}, pruned {}, pruned+quantized {}"
            + " (the experiment: 0.52, 0.41, 0.28)",
        baseline,
        quantized,
        pruned,
        prunedQuantized);

    assertThat(quantized, lessThan(0.6));
    assertThat(pruned, lessThan(0.5));
    assertThat(prunedQuantized, lessThan(0.35));
  }

  private static double ratio(String variant, long baseline) {
    return (double) ModelSizes.of(TfliteModel.read(result.file(variant))).zip() / baseline;
  }

  @Test
  void manifest_recordsHowEachVariantWasMade() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());

    assertThat(manifest.get("schemaVersion").asInt(), is(1));
    assertThat(manifest.get("dataset").get("samples").asInt(), is(2_000));
    assertThat(manifest.get("recipe").get("training").get("seed").asLong(), is(7L));
    JsonNode variants = manifest.get("variants");
    assertThat(variants.size(), is(4));
    assertThat(variants.get(3).get("name").asText(), is("pruned_quantized"));
    assertThat(variants.get(3).get("madeFrom").asText(), is("pruned"));
    assertThat(variants.get(2).get("how").asText(), containsString("PolynomialDecay"));
    assertThat(variants.get(0).get("trainingSteps").asLong(), greaterThanOrEqualTo(1L));
    assertThat(
        variants.get(0).get("sha256").asText(),
        is(TfliteModel.read(result.file("baseline")).sha256()));
  }

  @Test
  void defaultSchedule_onSmallData_updatesOftenEnoughToReachTheTarget() {
    PolynomialDecay schedule = VariantPipeline.defaultSchedule(2_000);

    // ceil(0.9 · 2000 / 128) · 2 = 30 steps; frequency 3 divides it and gives ten updates.
    assertThat(schedule.endStep(), is(30L));
    assertThat(schedule.frequency(), is(3L));
    assertThat(schedule.at(30).updateMasks(), is(true));
    // The experiment's data (about 230,000 drawings) keeps tfmot's frequency of 100.
    assertThat(VariantPipeline.defaultSchedule(230_000).frequency(), is(100L));
  }

  @Test
  void defaultSchedule_longerFineTuning_endsInTheSameProportion() {
    // 150 samples: ceil(0.9 · 150 / 128) = 2 steps an epoch at batch 128, times 134 epochs.
    PolynomialDecay schedule = VariantPipeline.defaultSchedule(150, 134);

    assertThat(schedule.endStep(), is(268L));
    assertThat(schedule.at(268).updateMasks(), is(true));
    assertThat(
        VariantPipeline.defaultSchedule(2_000, 2), is(VariantPipeline.defaultSchedule(2_000)));
  }

  @Test
  void run_dataThatDoesNotFitTheModel_failsBeforeWritingAnything(@TempDir Path elsewhere)
      throws IOException {
    Dataset wrong =
        Dataset.of("wrong", new int[] {10, 10}, new float[2 * 100], new int[] {0, 1}, List.of());
    Path target = elsewhere.resolve("variants");

    ModelBudgetException e =
        assertThrows(
            ModelBudgetException.class,
            () ->
                VariantPipeline.run(
                    StrokeImages.seedArchitecture(),
                    wrong,
                    PipelineRecipe.seed(1L),
                    target,
                    PipelineListener.NONE));

    assertThat(e.getMessage(), allOf(containsString("wrong"), containsString("28")));
    assertThat(Files.exists(target), is(false));
  }
}
