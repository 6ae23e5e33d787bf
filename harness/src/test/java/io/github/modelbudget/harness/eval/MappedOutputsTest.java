package io.github.modelbudget.harness.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A many-class model's raw outputs kept in a memory-mapped temporary file ({@link OutputStorage}):
 * the same result and comparison as on the heap, and in a forked JVM outputs four times its heap
 * (1001 classes on {@value #FORKED_SAMPLES} samples, two results) evaluate and compare.
 */
class MappedOutputsTest {

  private static final int FORKED_SAMPLES = 40_000;
  private static final int CHILD_HEAP_MB = 64;
  private static final long SEED = 20_261_201L;

  /** Inputs in [-1, 1] (a quarter exactly 0, where every class ties) and uniform labels. */
  static Dataset data(int samples) {
    SplittableRandom random = new SplittableRandom(SEED);
    float[] inputs = new float[samples];
    int[] labels = new int[samples];
    for (int i = 0; i < samples; i++) {
      inputs[i] = i % 4 == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
      // Mostly among the top classes for positive inputs, so top-5 accuracy is far from 0.
      labels[i] =
          random.nextInt(3) == 0
              ? random.nextInt(ManyClassFixtures.CLASSES)
              : ManyClassFixtures.CLASSES - 1 - random.nextInt(8);
    }
    return ManyClassFixtures.data("many-" + samples, inputs, labels);
  }

  static TfliteModel baseline() {
    return ManyClassFixtures.classifier("baseline", ManyClassFixtures.baselineWeights(), true);
  }

  static TfliteModel variant() {
    return ManyClassFixtures.classifier("variant", ManyClassFixtures.variantWeights(), true);
  }

  @Test
  void manyClassOutputs_mappedOrOnTheHeap_giveTheSameResultsAndComparison() {
    Dataset data = data(3000);
    Evaluator memory = Evaluator.defaults().withThreads(2).withOutputStorage(OutputStorage.MEMORY);
    Evaluator mapped = memory.withOutputStorage(OutputStorage.MAPPED);

    EvaluationResult heapBaseline = memory.evaluate(baseline(), data);
    EvaluationResult heapVariant = memory.evaluate(variant(), data);
    EvaluationResult mappedBaseline = mapped.evaluate(baseline(), data);
    EvaluationResult mappedVariant = mapped.evaluate(variant(), data);

    assertThat(heapBaseline.outputsMapped(), is(false));
    assertThat(mappedBaseline.outputsMapped(), is(true));
    assertArrayEquals(heapBaseline.outputs(), mappedBaseline.outputs());
    assertArrayEquals(heapVariant.outputs(), mappedVariant.outputs());
    assertArrayEquals(heapBaseline.predictions(), mappedBaseline.predictions());
    assertThat(mappedBaseline.topKCounts(), is(heapBaseline.topKCounts()));
    assertThat(mappedBaseline.logLoss(), is(heapBaseline.logLoss()));
    assertThat(
        Comparison.of(mappedBaseline, mappedVariant), is(Comparison.of(heapBaseline, heapVariant)));
    // The ranks read from the mapped outputs are the model's, as the test computes them.
    float[] weights = ManyClassFixtures.baselineWeights();
    float[] inputs = data.features(0, data.size());
    for (int i = 0; i < data.size(); i++) {
      int expected = ManyClassFixtures.rank(weights, data.labels()[i], inputs[i]);
      assertThat("sample " + i, mappedBaseline.trueClassRank(i), is(expected));
    }
    assertThat(mappedBaseline.output(7, 1000), is(heapBaseline.outputs()[7 * 1001 + 1000]));
  }

  @Test
  void auto_mapsOutputsAboveASixteenthOfTheHeapOrBeyondAnArray() {
    long heap = Runtime.getRuntime().maxMemory();

    assertThat(OutputStorage.AUTO.maps(1001L * 64), is(false));
    assertThat(OutputStorage.AUTO.maps(heap / 16 / Float.BYTES + 1), is(true));
    assertThat(OutputStorage.AUTO.maps(OutputStore.MAX_ARRAY + 1), is(true));
    assertThat(OutputStorage.MEMORY.maps(heap), is(false));
    assertThat(OutputStorage.MAPPED.maps(1), is(true));
  }

  @Test
  void outputsFourTimesTheHeap_evaluateAndCompareInAForkedJvm() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "mapped-outputs"));
    ForkedJvm child =
        ForkedJvm.run(
            MappedOutputsChild.class, CHILD_HEAP_MB, dir, Integer.toString(FORKED_SAMPLES));

    assertThat(child.printed(), child.exitCode(), is(0));
    Map<String, String> facts = child.facts();
    long outputBytes = 2L * FORKED_SAMPLES * ManyClassFixtures.CLASSES * Float.BYTES;
    assertThat(outputBytes, greaterThan(4L * CHILD_HEAP_MB << 20));
    assertThat(facts, hasEntry("mapped", "true"));
    assertThat(Long.parseLong(facts.get("peakHeapBytes")), lessThan((long) CHILD_HEAP_MB << 20));

    Dataset data = data(FORKED_SAMPLES);
    Evaluator memory = Evaluator.defaults().withOutputStorage(OutputStorage.MEMORY);
    EvaluationResult base = memory.evaluate(baseline(), data);
    Comparison comparison = Comparison.of(base, memory.evaluate(variant(), data));
    assertThat(facts, hasEntry("top5Hits", Long.toString(base.topK(5).correct())));
    assertThat(facts, hasEntry("agreementCount", Long.toString(comparison.agreementCount())));
    assertThat(
        facts,
        hasEntry("meanAbsOutputDifference", Double.toString(comparison.meanAbsOutputDifference())));
    assertThat(base.topK(5).correct(), greaterThan(0L));
    try (var left = Files.list(dir)) {
      assertThat("temporary output files left behind", left.count(), is(0L));
    }
  }
}
