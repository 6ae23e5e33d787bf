package io.github.modelbudget.junit;

import static io.github.modelbudget.optimizer.search.QuantizationMode.DYNAMIC;
import static io.github.modelbudget.optimizer.search.QuantizationMode.FLOAT16;
import static io.github.modelbudget.optimizer.search.QuantizationMode.INT8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modelbudget.harness.format.Activation;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TensorRef;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.format.TfliteModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link GeneratedVariants} makes the variants of a lone baseline with the optimizer, once per JVM,
 * into files, and the extension tests and gates them as it does files.
 */
class GeneratedVariantsTest {

  static final String ROOT = "target/junit-fixtures/generated";
  static final String MODELS = ROOT + "/models";
  static final String CLASHING = ROOT + "/clashing";
  static final String TEST_DATA = ROOT + "/test.npz";
  static final String CALIBRATION = ROOT + "/calibration.npz";
  static final String WRONG_CALIBRATION = ROOT + "/wrong-width.npz";
  static final int FEATURES = 16;
  static final int HIDDEN = 128;

  private static final Path VARIANTS = Path.of(ROOT, "made");

  /** The models each test case saw, by class and variant name. */
  static final Map<String, TfliteModel> SEEN = new ConcurrentHashMap<>();

  @BeforeAll
  static void writeFixtures() throws IOException {
    FixtureModels.deleteRecursively(Path.of(ROOT));
    SplittableRandom random = new SplittableRandom(2027L);
    float[] hiddenWeights = gaussian(random, HIDDEN * FEATURES);
    float[] outputWeights = gaussian(random, HIDDEN);
    TfliteModel baseline = mlp(hiddenWeights, outputWeights);
    baseline.save(Path.of(MODELS, "baseline.tflite"));
    baseline.save(Path.of(CLASHING, "baseline.tflite"));
    FixtureModels.denseSigmoid("quantized", FEATURES, 3)
        .save(Path.of(CLASHING, "quantized.tflite"));
    int n = BudgetFixtures.SAMPLES;
    float[] x = gaussian(random, n * FEATURES);
    BudgetFixtures.writeNpz(
        Path.of(TEST_DATA), x, FEATURES, labels(x, n, hiddenWeights, outputWeights));
    float[] calibration = gaussian(random, 64 * FEATURES);
    BudgetFixtures.writeNpz(
        Path.of(CALIBRATION),
        calibration,
        FEATURES,
        labels(calibration, 64, hiddenWeights, outputWeights));
    Files.createDirectories(Path.of(ROOT));
    writeWrongWidth(Path.of(WRONG_CALIBRATION));
  }

  /**
   * x → dense(HIDDEN, relu) → dense(1) → sigmoid: 2,048 first-layer weights, quantizable, in rows
   * of 16 that 50% per-tensor pruning leaves with a non-zero weight each (an all-zero unit gets
   * scale 0 from TF 2.21's scheme, which XNNPACK refuses; see QuantizationReport).
   */
  private static TfliteModel mlp(float[] hiddenWeights, float[] outputWeights) {
    TfliteModelBuilder b = new TfliteModelBuilder();
    TensorRef x = b.input("x", TensorType.FLOAT32, -1, FEATURES);
    TensorRef w1 = b.constant("hidden/kernel", hiddenWeights, HIDDEN, FEATURES);
    TensorRef b1 = b.constant("hidden/bias", new float[HIDDEN], HIDDEN);
    TensorRef h = b.tensor("hidden/Relu", TensorType.FLOAT32, -1, HIDDEN);
    TensorRef w2 = b.constant("out/kernel", outputWeights, 1, HIDDEN);
    TensorRef b2 = b.constant("out/bias", new float[] {0f}, 1);
    TensorRef logit = b.tensor("logit", TensorType.FLOAT32, -1, 1);
    TensorRef p = b.tensor("probability", TensorType.FLOAT32, -1, 1);
    b.fullyConnected(x, w1, b1, h, Activation.RELU)
        .fullyConnected(h, w2, b2, logit, Activation.NONE)
        .logistic(logit, p)
        .output(p);
    return b.build("baseline");
  }

  /** The float model's own answers, so that the baseline is always right. */
  private static int[] labels(float[] x, int n, float[] hiddenWeights, float[] outputWeights) {
    int[] labels = new int[n];
    int features = FEATURES;
    for (int i = 0; i < n; i++) {
      double logit = 0;
      for (int u = 0; u < HIDDEN; u++) {
        double sum = 0;
        for (int j = 0; j < features; j++) {
          sum += hiddenWeights[u * features + j] * x[i * features + j];
        }
        logit += outputWeights[u] * Math.max(0, sum);
      }
      labels[i] = logit >= 0 ? 1 : 0;
    }
    return labels;
  }

  private static void writeWrongWidth(Path file) {
    // Three features a sample where the model reads eight: calibration cannot run.
    BudgetFixtures.writeNpz(file, gaussian(new SplittableRandom(9), 8 * 3), 3, new int[8]);
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static EngineExecutionResults run(Class<?>... testCases) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(Stream.of(testCases).map(c -> selectClass(c)).toArray(ClassSelector[]::new))
        .configurationParameter("modelbudget.variants.dir", VARIANTS.toString())
        .configurationParameter("modelbudget.results.dir", ROOT + "/results")
        .execute();
  }

  private static String message(Event event) {
    return event
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElse("");
  }

  private static String variantOf(Event event) {
    String name = event.getTestDescriptor().getDisplayName();
    return name.substring(1, name.indexOf(']'));
  }

  @ModelVariants(dir = MODELS)
  @GeneratedVariants(
      quantize = {DYNAMIC, FLOAT16, INT8},
      sparsity = 0.5,
      calibration = @EvaluationData(path = CALIBRATION))
  @EvaluationData(path = TEST_DATA)
  static class EveryModeTestCase {
    @VariantTest
    void runs(ModelUnderTest model) {
      SEEN.put("every/" + model.name(), model.model());
      assertThat(model.evaluation().sampleCount(), is(BudgetFixtures.SAMPLES));
    }
  }

  @Test
  void everyModeAndSparsity_isMadeIntoAFile_andTestedBesideTheBaseline() throws IOException {
    SEEN.clear();
    EngineExecutionResults results = run(EveryModeTestCase.class);
    List<Event> succeeded = results.testEvents().succeeded().list();

    assertThat(results.allEvents().failed().stream().map(e -> message(e)).toList(), is(empty()));

    assertThat(
        succeeded.stream().map(GeneratedVariantsTest::variantOf).toList(),
        containsInAnyOrder(
            "baseline",
            "quantized",
            "float16",
            "int8",
            "pruned_50",
            "pruned_50_quantized",
            "pruned_50_float16",
            "pruned_50_int8"));
    TfliteModel baseline = SEEN.get("every/baseline");
    Path folder = SEEN.get("every/int8").path().orElseThrow().getParent();
    assertThat(folder.getParent(), is(VARIANTS));
    assertThat(folder.getFileName().toString(), containsString(baseline.sha256().substring(0, 12)));
    for (Map.Entry<String, TfliteModel> seen : SEEN.entrySet()) {
      if (seen.getKey().equals("every/baseline")) {
        continue;
      }
      TfliteModel model = seen.getValue();
      Path file = model.path().orElseThrow();
      assertThat(file.getParent(), is(folder));
      assertThat(Files.readAllBytes(file), is(model.bytes()));
      assertThat(model.sha256(), not(baseline.sha256()));
    }
    assertThat(
        constantTypes(SEEN.get("every/quantized"), "hidden/kernel"), is(List.of(TensorType.INT8)));
    assertThat(
        constantTypes(SEEN.get("every/float16"), "hidden/kernel"), hasItem(TensorType.FLOAT16));
    assertThat(constantTypes(SEEN.get("every/int8"), "hidden/bias"), is(List.of(TensorType.INT32)));
  }

  /** The types of the constants whose name contains {@code name} (a float16 copy keeps it). */
  private static List<TensorType> constantTypes(TfliteModel model, String name) {
    return model.inspect().constants().stream()
        .filter(t -> t.name().contains(name))
        .map(t -> t.type())
        .toList();
  }

  @ModelVariants(dir = MODELS)
  @GeneratedVariants(
      quantize = {DYNAMIC, FLOAT16, INT8},
      sparsity = 0.5,
      calibration = @EvaluationData(path = CALIBRATION))
  @EvaluationData(path = TEST_DATA)
  static class GatedTestCase {
    @VariantTest(includeBaseline = false)
    @ModelBudget(minSizeReduction = "50%")
    void shrinks(ModelUnderTest model) {
      SEEN.put("gated/" + model.name(), model.model());
    }
  }

  @Test
  void generatedVariants_areGatedLikeFiles_andMadeOncePerJvm() {
    SEEN.clear();
    EngineExecutionResults results = run(EveryModeTestCase.class, GatedTestCase.class);

    TfliteModel baseline = SEEN.get("every/baseline");
    long baselineZip = ModelSizes.of(baseline).zip();
    List<String> expectedFailures = new ArrayList<>();
    List<String> expectedPasses = new ArrayList<>();
    for (Map.Entry<String, TfliteModel> seen : SEEN.entrySet()) {
      if (!seen.getKey().startsWith("gated/")) {
        continue;
      }
      double reduction = 1 - (double) ModelSizes.of(seen.getValue()).zip() / baselineZip;
      String name = seen.getKey().substring("gated/".length());
      (reduction >= 0.50 ? expectedPasses : expectedFailures).add(name);
      // Made once: the second class got the very objects the first one did.
      assertThat(name, seen.getValue(), is(sameInstance(SEEN.get("every/" + name))));
    }
    List<Event> shrinks =
        results.testEvents().finished().list().stream()
            .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains("shrinks("))
            .toList();
    List<String> failed =
        shrinks.stream()
            .filter(e -> !message(e).isEmpty())
            .map(GeneratedVariantsTest::variantOf)
            .toList();

    assertThat(shrinks.size(), is(7));
    assertThat(failed, containsInAnyOrder(expectedFailures.toArray(String[]::new)));
    // Both outcomes occur, so the gate is not vacuous either way.
    assertThat(expectedFailures, hasItem("float16"));
    assertThat(expectedPasses, hasItem("int8"));
    for (Event e : shrinks) {
      if (expectedFailures.contains(variantOf(e))) {
        assertThat(message(e), containsString("size reduction"));
      }
    }
  }

  @ModelVariants(dir = MODELS)
  @GeneratedVariants(quantize = INT8)
  @EvaluationData(path = TEST_DATA)
  static class Int8WithoutCalibrationTestCase {
    @VariantTest
    void never(ModelUnderTest model) {}
  }

  @ModelVariants(dir = CLASHING)
  @GeneratedVariants(quantize = DYNAMIC)
  @EvaluationData(path = TEST_DATA)
  static class ClashingNameTestCase {
    @VariantTest
    void never(ModelUnderTest model) {}
  }

  @ModelVariants(dir = MODELS)
  @GeneratedVariants(quantize = INT8, calibration = @EvaluationData(path = WRONG_CALIBRATION))
  @EvaluationData(path = TEST_DATA)
  static class UnfitCalibrationTestCase {
    @VariantTest
    void never(ModelUnderTest model) {}
  }

  @ModelVariants(dir = MODELS)
  @GeneratedVariants(quantize = FLOAT16, keepFloat = "lstm")
  @EvaluationData(path = TEST_DATA)
  static class UnmatchedKeepFloatTestCase {
    @VariantTest
    void never(ModelUnderTest model) {}
  }

  @ModelVariants(dir = MODELS, baseline = "absent")
  @GeneratedVariants(quantize = DYNAMIC)
  @EvaluationData(path = TEST_DATA)
  static class NoBaselineTestCase {
    @VariantTest
    void never(ModelUnderTest model) {}
  }

  @ModelVariants(dir = MODELS)
  @GeneratedVariants(sparsity = 1.5)
  @EvaluationData(path = TEST_DATA)
  static class BadSparsityTestCase {
    @VariantTest
    void never(ModelUnderTest model) {}
  }

  @Test
  void whatStopsAMemberFromBeingMade_failsTheTestsWithTheReason_andRunsNone() {
    assertFailsWith(
        Int8WithoutCalibrationTestCase.class,
        "makes INT8, which is calibrated on representative inputs",
        "calibration = @EvaluationData");
    assertFailsWith(ClashingNameTestCase.class, "would make [quantized]", "has files of that name");
    assertFailsWith(
        UnfitCalibrationTestCase.class,
        "@GeneratedVariants cannot make the variants of",
        "baseline.tflite");
    assertFailsWith(UnmatchedKeepFloatTestCase.class, "'lstm' matches no weight", "");
    assertFailsWith(BadSparsityTestCase.class, "between 0 and 1", "but is 1.5");
    assertFailsWith(NoBaselineTestCase.class, "no baseline model 'absent.tflite'", "[baseline]");
  }

  private static void assertFailsWith(Class<?> testCase, String part, String otherPart) {
    EngineExecutionResults results = run(testCase);
    List<Event> failures = results.allEvents().failed().list();

    assertThat(testCase.getSimpleName(), failures, not(empty()));
    assertThat(
        testCase.getSimpleName(),
        message(failures.get(0)),
        allOf(containsString(part), containsString(otherPart)));
    assertThat(testCase.getSimpleName(), results.testEvents().started().count(), is(0L));
  }
}
