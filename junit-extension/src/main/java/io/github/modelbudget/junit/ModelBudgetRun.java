package io.github.modelbudget.junit;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencyProbe;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.family.EvaluationCache;
import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.family.Memo;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the extension shares across one JVM's test run, kept in the root store: loaded
 * datasets, one {@link FamilyRun} per (variant declaration, dataset) sharing one evaluation cache,
 * and the run records written when the run ends.
 *
 * <p>Each family run becomes one run record file, {@code run-<id>.json}, in the results folder;
 * file names are unique, so parallel classes and forked JVMs never collide, and {@code modelbudget
 * report} merges the files (records of the same models and data merge into one).
 */
final class ModelBudgetRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  private static final Logger LOG = LoggerFactory.getLogger(ModelBudgetRun.class);

  /** One future run record: the variants of one declaration evaluated on one dataset. */
  private record RunKey(VariantDiscovery.Source variants, DatasetSource data) {}

  /** A dataset as loaded for a baseline: images are sized and classes named for it. */
  private record DataKey(DatasetSource data, String baselineSha256) {}

  private final ExtensionSettings settings;
  private final Evaluator evaluator;
  private final EvaluationCache evaluations = new EvaluationCache();
  private final Memo<DataKey, Dataset> datasets = new Memo<>();
  private final Memo<String, LatencyStats> latencies = new Memo<>();
  private final ConcurrentMap<RunKey, FamilyRun> runs = new ConcurrentHashMap<>();
  private final ConcurrentMap<RunKey, ConcurrentMap<String, Queue<BudgetOutcome>>> budgets =
      new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ModelBudgetRun(ExtensionSettings settings) {
    this.settings = settings;
    Evaluator inProcess =
        Evaluator.defaults().withThreads(settings.threads()).withBatchSize(settings.batchSize());
    this.evaluator = settings.processIsolation() ? IsolatedBackend.isolate(inProcess) : inProcess;
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

  /** The family of a declaration measured on a dataset; the same object for every test. */
  FamilyRun familyRun(VariantSet variants, DatasetSource data) {
    TfliteModel baseline = variants.baseline().model();
    Dataset dataset =
        datasets.get(new DataKey(data, baseline.sha256()), () -> data.load(baseline), () -> {});
    return runs.computeIfAbsent(
        new RunKey(variants.source(), data),
        key ->
            FamilyRun.of(
                variants.family(),
                dataset,
                evaluator.withActivation(data.activation()),
                evaluations));
  }

  /** The model's latency, measured once per JVM with the settings' latency options. */
  LatencyStats latency(FamilyMember member) {
    return latencies.get(
        member.sha256(),
        () -> {
          LOG.info("timing {} ({})", member.name(), settings.latency().describe());
          return LatencyProbe.measure(member.model(), settings.latency()).latency();
        },
        () -> {});
  }

  int evaluationCount() {
    return evaluations.computedCount();
  }

  void recordBudget(VariantSet variants, DatasetSource data, BudgetOutcome outcome) {
    // Kept apart from the evaluations: under parallel execution a budget may be checked before
    // another test has evaluated the variant, and must not be lost then.
    budgets
        .computeIfAbsent(new RunKey(variants.source(), data), k -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome.variant(), name -> new ConcurrentLinkedQueue<>())
        .add(outcome);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Map.Entry<RunKey, FamilyRun> entry : runs.entrySet()) {
      FamilyRun run = entry.getValue();
      Map<String, LatencyStats> timed = new HashMap<>();
      for (FamilyMember member : run.family().members()) {
        if (latencies.has(member.sha256())) {
          try {
            timed.put(member.name(), latency(member));
          } catch (ModelBudgetException e) {
            // The test that asked for it failed with this error; the record goes without it.
          }
        }
      }
      RunRecord record = run.record(budgetsOf(entry.getKey())).withLatencies(timed);
      if (record.variants().isEmpty() && record.failures().isEmpty()) {
        continue;
      }
      Path file = settings.resultsDir().resolve("run-" + record.runId() + ".json");
      RunRecords.write(record, file);
      LOG.info(
          "wrote the run record of {} variant(s) to {}",
          record.variants().size(),
          file.toAbsolutePath());
    }
  }

  /** Each variant's budget outcomes, in an order that does not depend on test scheduling. */
  private Map<String, List<BudgetOutcome>> budgetsOf(RunKey key) {
    Map<String, List<BudgetOutcome>> sorted = new HashMap<>();
    budgets
        .getOrDefault(key, new ConcurrentHashMap<>())
        .forEach(
            (name, outcomes) -> {
              List<BudgetOutcome> list = new ArrayList<>(outcomes);
              list.sort(Comparator.comparing(BudgetOutcome::toString));
              sorted.put(name, list);
            });
    return sorted;
  }
}
