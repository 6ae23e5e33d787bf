package io.github.modelbudget.optimizer.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetFileException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import io.github.modelbudget.harness.runtime.Session;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The search keeps the fragile layer float and meets a budget that full int8 misses. */
class BudgetSearchTest {

  private static final BudgetFile AGREEMENT =
      BudgetFile.parseJson("budget.json", "{\"default\": {\"minAgreement\": 0.98}}");

  private static TfliteModel baseline;
  private static Dataset test;
  private static Dataset calibration;

  @BeforeAll
  static void labelByTheBaseline() {
    baseline = FragileLayerModel.model();
    Dataset unlabelled = FragileLayerModel.data(400, 31L);
    int[] labels = new int[unlabelled.size()];
    try (LoadedModel loaded = InferenceBackend.tflite().load(baseline);
        Session session = loaded.openSession()) {
      session.resizeBatch(1);
      for (int s = 0; s < labels.length; s++) {
        session.setInput(0, unlabelled.features(s, s + 1));
        session.invoke();
        float[] logits = session.output(0);
        for (int c = 1; c < logits.length; c++) {
          if (logits[c] > logits[labels[s]]) {
            labels[s] = c;
          }
        }
      }
    }
    test =
        Dataset.of(
            "test.npz",
            new int[] {FragileLayerModel.INPUTS},
            unlabelled.features(0, unlabelled.size()),
            labels,
            IntStream.range(0, FragileLayerModel.CLASSES).mapToObj(c -> "class" + c).toList());
    calibration = FragileLayerModel.data(200, 29L);
  }

  @Test
  void fragileLayer_keptFloat_meetsTheBudgetFullInt8Misses() {
    SearchSpace space = new SearchSpace(List.of(QuantizationMode.INT8), List.of(0.0), 2);

    SearchResult result =
        new BudgetSearch(Evaluator.defaults(), space)
            .search(baseline, test, Optional.of(calibration), AGREEMENT);

    Candidate int8 = named(result, "int8");
    assertThat(int8.passed(), is(false));
    assertThat(int8.outcome().errors().get(0).message(), containsString("agreement"));
    Candidate best = result.best().orElseThrow();
    assertThat(describe(result), best.name(), is("int8_float1"));
    assertThat(best.keptFloat(), contains(FragileLayerModel.FRAGILE));
    assertThat(best.passed(), is(true));
    assertThat(best.zipBytes(), lessThan(named(result, "int8").zipBytes() * 2));
    assertThat(result.candidates(), hasSize(2));
    assertThat(result.evaluations(), is(3));
    assertThat(result.record().variants(), hasSize(3));
    assertThat(
        result
            .record()
            .variant("int8")
            .orElseThrow()
            .layers()
            .orElseThrow()
            .layers()
            .get(0)
            .baselineTensor(),
        is(FragileLayerModel.FRAGILE));
    assertThat(
        result.record().variant("int8_float1").orElseThrow().layers().isPresent(), is(false));
  }

  @Test
  void everyMode_smallestPassingCandidateWins_eachEvaluatedOnce() {
    SearchResult result =
        new BudgetSearch(Evaluator.defaults(), SearchSpace.defaults())
            .search(baseline, test, Optional.of(calibration), AGREEMENT);

    Candidate best = result.best().orElseThrow();
    for (Candidate c : result.candidates()) {
      if (c.passed()) {
        assertThat(c.name(), best.zipBytes() <= c.zipBytes(), is(true));
      }
    }
    assertThat(describe(result), best.keptFloat(), contains(FragileLayerModel.FRAGILE));
    assertThat(result.evaluations(), is(result.candidates().size() + 1));
    assertThat(
        result.candidates().stream().map(c -> c.model().sha256()).distinct().count(),
        is((long) result.candidates().size()));
  }

  @Test
  void budgetNoCandidateMeets_hasNoBestAndListsTheClosest() {
    BudgetFile impossible =
        BudgetFile.parseJson("tight.json", "{\"default\": {\"maxZipSize\": \"100 B\"}}");
    SearchSpace space =
        new SearchSpace(
            List.of(QuantizationMode.DYNAMIC, QuantizationMode.FLOAT16), List.of(0.0), 1);

    SearchResult result =
        new BudgetSearch(Evaluator.defaults(), space)
            .search(baseline, test, Optional.empty(), impossible);

    assertThat(result.best().isPresent(), is(false));
    List<Candidate> closest = result.closest(2);
    assertThat(closest, hasSize(2));
    assertThat(closest.get(0).zipBytes() <= closest.get(1).zipBytes(), is(true));
  }

  @Test
  void harmedLayerTheModeLeavesFloat_isNotKeptFloat() {
    TfliteModel small = FragileLayerModel.model(12);
    Dataset unlabelled = FragileLayerModel.data(50, 37L);
    Dataset data =
        Dataset.of(
            "small.npz",
            new int[] {FragileLayerModel.INPUTS},
            unlabelled.features(0, unlabelled.size()),
            new int[unlabelled.size()],
            IntStream.range(0, 12).mapToObj(c -> "class" + c).toList());
    BudgetFile impossible =
        BudgetFile.parseJson("tight.json", "{\"default\": {\"maxZipSize\": \"100 B\"}}");
    SearchSpace space = new SearchSpace(List.of(QuantizationMode.DYNAMIC), List.of(0.0), 3);

    SearchResult result =
        new BudgetSearch(Evaluator.defaults(), space)
            .search(small, data, Optional.empty(), impossible);

    // 12 × 64 weights are fewer than dynamic range quantizes: the last layer stays float anyway.
    assertThat(
        result.candidates().stream().map(Candidate::name).toList(),
        contains("dynamic", "dynamic_float1", "dynamic_float2"));
    assertThat(
        result.candidates().get(2).keptFloat(), containsInAnyOrder("dense_1/relu", "dense_2/relu"));
  }

  @Test
  void budgetWithVariantEntries_isRejectedNamingTheFile() {
    BudgetFile perVariant =
        BudgetFile.parseJson(
            "per-variant.json", "{\"variants\": {\"int8\": {\"minAgreement\": 0.99}}}");

    BudgetFileException e =
        assertThrows(
            BudgetFileException.class,
            () ->
                new BudgetSearch(Evaluator.defaults(), SearchSpace.defaults())
                    .search(baseline, test, Optional.empty(), perVariant));

    assertThat(e.getMessage(), containsString("per-variant.json"));
  }

  private static String describe(SearchResult result) {
    return result.candidates().stream()
        .map(
            c ->
                c.name()
                    + " "
                    + c.zipBytes()
                    + " B "
                    + (c.passed() ? "passed" : c.outcome().errors()))
        .toList()
        .toString();
  }

  private static Candidate named(SearchResult result, String name) {
    return result.candidates().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not among " + result.candidates()));
  }
}
