package io.github.modelbudget.junit;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the extension shares across one JVM's test run, kept in the root store: loaded
 * datasets, evaluations, and the run records written when the run ends.
 *
 * <p>Each (variant set, dataset) pair becomes one run record file, {@code run-<id>.json}, in the
 * results folder; file names are unique, so parallel classes and forked JVMs never collide, and the
 * reports merge the files.
 */
final class ModelBudgetRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  private static final Logger LOG = LoggerFactory.getLogger(ModelBudgetRun.class);

  /** Which model is evaluated on which data with which settings. */
  record EvaluationKey(String modelSha256, DatasetSource data, Evaluator evaluator) {}

  /** One future run record: the variants of one declaration evaluated on one dataset. */
  record RecordKey(String variantLocation, String datasetSha256) {}

  private final ExtensionSettings settings;
  private final Evaluator evaluator;
  private final Memo<DatasetSource, Dataset> datasets = new Memo<>(DatasetSource::load);
  private final Memo<EvaluationKey, EvaluationResult> evaluations;
  private final Map<EvaluationKey, VariantUnderTest> evaluatedModels = new ConcurrentHashMap<>();
  private final ConcurrentMap<RecordKey, Draft> drafts = new ConcurrentHashMap<>();
  private final ConcurrentMap<RecordKey, ConcurrentMap<String, Queue<BudgetOutcome>>> budgets =
      new ConcurrentHashMap<>();
  private final AtomicInteger evaluationCount = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private static final Queue<BudgetOutcome> EMPTY = new ConcurrentLinkedQueue<>();

  private ModelBudgetRun(ExtensionSettings settings) {
    this.settings = settings;
    Evaluator inProcess =
        Evaluator.defaults().withThreads(settings.threads()).withBatchSize(settings.batchSize());
    this.evaluator = settings.processIsolation() ? IsolatedBackend.isolate(inProcess) : inProcess;
    this.evaluations = new Memo<>(this::evaluateNow);
  }

  static ModelBudgetRun of(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ModelBudgetExtension.NAMESPACE)
        .getOrComputeIfAbsent(
            ModelBudgetRun.class,
            k -> new ModelBudgetRun(ExtensionSettings.from(context)),
            ModelBudgetRun.class);
  }

  ExtensionSettings settings() {
    return settings;
  }

  Dataset dataset(DatasetSource source) {
    return datasets.get(source);
  }

  /**
   * Returns the variant's evaluation on the dataset, computing it if no test has yet; {@code
   * onComputed} runs only in the thread that computes it.
   */
  EvaluationResult evaluation(VariantUnderTest variant, DatasetSource source, Runnable onComputed) {
    EvaluationKey key = new EvaluationKey(variant.model().sha256(), source, evaluator);
    evaluatedModels.putIfAbsent(key, variant);
    return evaluations.get(key, onComputed);
  }

  private EvaluationResult evaluateNow(EvaluationKey key) {
    VariantUnderTest variant = evaluatedModels.get(key);
    Dataset dataset = dataset(key.data());
    LOG.info("evaluating {} on {} ({} samples)", variant.name(), dataset.name(), dataset.size());
    EvaluationResult result =
        evaluator.withActivation(key.data().activation()).evaluate(variant.model(), dataset);
    evaluationCount.incrementAndGet();
    return result;
  }

  int evaluationCount() {
    return evaluationCount.get();
  }

  void recordEvaluation(
      String location,
      Optional<String> baseline,
      Dataset dataset,
      VariantUnderTest variant,
      EvaluationResult evaluation,
      Supplier<Optional<Comparison>> comparison) {
    Draft draft =
        drafts.computeIfAbsent(
            new RecordKey(location, dataset.sha256()), k -> new Draft(dataset, baseline));
    draft.variants.computeIfAbsent(
        variant.name(),
        name -> {
          VariantRecord record = VariantRecord.of(variant.model(), evaluation);
          return comparison.get().map(record::withComparison).orElse(record);
        });
  }

  void recordBudget(String location, Dataset dataset, String variant, BudgetOutcome outcome) {
    // Kept apart from the variants: under parallel execution a budget may be checked before any
    // test has recorded the variant's evaluation, and must not be lost then.
    budgets
        .computeIfAbsent(new RecordKey(location, dataset.sha256()), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(variant, name -> new ConcurrentLinkedQueue<>())
        .add(outcome);
  }

  /** The variant with its budget outcomes, in an order that does not depend on test scheduling. */
  private VariantRecord withBudgets(RecordKey key, VariantRecord variant) {
    List<BudgetOutcome> outcomes =
        new ArrayList<>(
            budgets
                .getOrDefault(key, new ConcurrentHashMap<>())
                .getOrDefault(variant.name(), EMPTY));
    outcomes.sort(Comparator.comparing(BudgetOutcome::toString));
    VariantRecord result = variant;
    for (BudgetOutcome outcome : outcomes) {
      result = result.withBudget(outcome);
    }
    return result;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Map.Entry<RecordKey, Draft> entry : drafts.entrySet()) {
      Draft draft = entry.getValue();
      List<VariantRecord> variants = new ArrayList<>();
      for (VariantRecord variant : draft.variants.values()) {
        variants.add(withBudgets(entry.getKey(), variant));
      }
      // The baseline first, then the others by name, so records read the same on every run.
      variants.sort(
          (a, b) ->
              draft
                  .baseline
                  .map(base -> a.name().equals(base) ? -1 : b.name().equals(base) ? 1 : 0)
                  .filter(order -> order != 0)
                  .orElseGet(() -> a.name().compareTo(b.name())));
      RunRecord record =
          RunRecord.create(
              draft.dataset, EnvironmentSummary.of(evaluator), draft.baseline, variants);
      Path file = settings.resultsDir().resolve("run-" + record.runId() + ".json");
      RunRecords.write(record, file);
      LOG.info(
          "wrote the run record of {} variant(s) to {}", variants.size(), file.toAbsolutePath());
    }
  }

  /** Variants collected for one run record. */
  private static final class Draft {
    final Dataset dataset;
    final Optional<String> baseline;
    final ConcurrentMap<String, VariantRecord> variants = new ConcurrentHashMap<>();

    Draft(Dataset dataset, Optional<String> baseline) {
      this.dataset = dataset;
      this.baseline = baseline;
    }
  }
}
