package io.github.modelbudget.harness.family;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencyProbe;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.ModelFailure;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntConsumer;

/**
 * A {@link ModelFamily} measured on one dataset by one evaluator: each member evaluated at most
 * once (through an {@link EvaluationCache} that may be shared), compared with the baseline,
 * measured for budgets, and written as one {@link RunRecord} with the baseline first.
 *
 * <p>Members are evaluated when first asked for, so a test run evaluates only what its tests use;
 * {@link #evaluateAll} evaluates every member and keeps going past one that fails. Thread-safe.
 */
public final class FamilyRun {

  /** Told about progress while {@link #evaluateAll} works. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called before a member is evaluated.
     *
     * @param member the member
     * @param index its position, from 0
     * @param total the number of members
     */
    void evaluating(FamilyMember member, int index, int total);

    /**
     * Called while a member is evaluated, from the evaluator's worker threads.
     *
     * @param member the member
     * @param samples the samples evaluated so far
     * @param total the dataset's samples
     */
    default void samplesDone(FamilyMember member, int samples, int total) {}
  }

  /** Told about progress while {@link #recordWithLatencies} works. */
  @FunctionalInterface
  public interface LatencyListener {
    /**
     * Called before a model is timed.
     *
     * @param name the member's name
     * @param index its position in the record, from 0
     * @param total the number of models to time
     */
    void timing(String name, int index, int total);
  }

  private final ModelFamily family;
  private final Dataset dataset;
  private final Evaluator evaluator;
  private final EvaluationCache cache;
  private final ConcurrentMap<String, EvaluationResult> evaluated = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ModelFailure> failed = new ConcurrentHashMap<>();

  private FamilyRun(
      ModelFamily family, Dataset dataset, Evaluator evaluator, EvaluationCache cache) {
    this.family = Objects.requireNonNull(family, "family");
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /**
   * Starts measuring a family with a cache of its own.
   *
   * @param family the family
   * @param dataset the evaluation data
   * @param evaluator the evaluator
   * @return the run, nothing evaluated yet
   */
  public static FamilyRun of(ModelFamily family, Dataset dataset, Evaluator evaluator) {
    return of(family, dataset, evaluator, new EvaluationCache());
  }

  /**
   * Starts measuring a family with a shared cache, so that a model evaluated by another run (of
   * this or another family) is not evaluated again.
   *
   * @param family the family
   * @param dataset the evaluation data
   * @param evaluator the evaluator
   * @param cache the shared cache
   * @return the run
   */
  public static FamilyRun of(
      ModelFamily family, Dataset dataset, Evaluator evaluator, EvaluationCache cache) {
    return new FamilyRun(family, dataset, evaluator, cache);
  }

  /**
   * Returns the family.
   *
   * @return the family
   */
  public ModelFamily family() {
    return family;
  }

  /**
   * Returns the dataset.
   *
   * @return the dataset
   */
  public Dataset dataset() {
    return dataset;
  }

  /**
   * Evaluates every member not evaluated yet, in the family's order. A member that fails is
   * recorded in {@link #failures()} and the others are still evaluated.
   *
   * @param listener told before each member
   * @return this run
   */
  public FamilyRun evaluateAll(Listener listener) {
    List<FamilyMember> members = family.members();
    for (int i = 0; i < members.size(); i++) {
      FamilyMember member = members.get(i);
      listener.evaluating(member, i, members.size());
      try {
        evaluation(member, () -> {}, done -> listener.samplesDone(member, done, dataset.size()));
      } catch (ModelBudgetException e) {
        // kept in failures by evaluation()
      }
    }
    return this;
  }

  /**
   * Returns a member's evaluation, computing it if needed.
   *
   * @param member a member of this family
   * @param onComputed runs once, in the thread that computed the evaluation (not on cache hits)
   * @return the result
   * @throws ModelBudgetException if the member cannot be evaluated on the dataset
   */
  public EvaluationResult evaluation(FamilyMember member, Runnable onComputed) {
    return evaluation(member, onComputed, done -> {});
  }

  private EvaluationResult evaluation(
      FamilyMember member, Runnable onComputed, IntConsumer progress) {
    requireMember(member);
    try {
      EvaluationResult result =
          cache.evaluate(evaluator, member.model(), dataset, onComputed, progress);
      evaluated.putIfAbsent(member.name(), result);
      return result;
    } catch (ModelBudgetException e) {
      failed.putIfAbsent(
          member.name(),
          new ModelFailure(
              member.name(), member.sha256(), member.model().origin(), e.getMessage()));
      throw e;
    }
  }

  /**
   * Returns a member's evaluation, computing it if needed.
   *
   * @param member a member of this family
   * @return the result
   * @throws ModelBudgetException if the member cannot be evaluated on the dataset
   */
  public EvaluationResult evaluation(FamilyMember member) {
    return evaluation(member, () -> {});
  }

  /**
   * Returns the paired comparison of a member with the baseline (of the baseline, with itself).
   *
   * @param member a member of this family
   * @return the comparison, with size ratios
   * @throws ModelBudgetException if the member or the baseline cannot be evaluated
   */
  public Comparison comparison(FamilyMember member) {
    FamilyMember baseline = family.baseline();
    return Comparison.of(
        evaluation(baseline), evaluation(member), baseline.sizes(), member.sizes());
  }

  /**
   * Returns what a budget can be checked against for a member: {@link
   * ModelFamily#measurements(FamilyMember)}, and, when asked for, its evaluation and comparison.
   *
   * @param member a member of this family
   * @param withEvaluation whether to evaluate (accuracy, comparison)
   * @return the measurements
   * @throws ModelBudgetException if an evaluation is asked for and fails
   */
  public Measurements measurements(FamilyMember member, boolean withEvaluation) {
    Measurements measured = family.measurements(member);
    if (withEvaluation) {
      measured = measured.withEvaluation(evaluation(member));
      if (!member.isBaseline()) {
        measured = measured.withComparison(comparison(member));
      }
    }
    return measured;
  }

  /**
   * Returns the members that could not be evaluated, in the family's order.
   *
   * @return the failures
   */
  public List<ModelFailure> failures() {
    return family.members().stream()
        .map(m -> failed.get(m.name()))
        .filter(Objects::nonNull)
        .toList();
  }

  /**
   * Returns the run record of every member evaluated so far, the baseline first, each variant with
   * its comparison when the baseline was evaluated, and the failures.
   *
   * @param budgets budget outcomes to record, by member name
   * @return the record
   */
  public RunRecord record(Map<String, List<BudgetOutcome>> budgets) {
    Optional<EvaluationResult> baseResult =
        Optional.ofNullable(evaluated.get(family.baseline().name()));
    List<VariantRecord> variants = new ArrayList<>();
    for (FamilyMember member : family.members()) {
      EvaluationResult result = evaluated.get(member.name());
      if (result == null) {
        continue;
      }
      VariantRecord variant =
          VariantRecord.of(member.model(), member.sizes(), member.info(), result);
      if (!member.isBaseline() && baseResult.isPresent()) {
        variant =
            variant.withComparison(
                Comparison.of(baseResult.get(), result, family.baseline().sizes(), member.sizes()));
      }
      for (BudgetOutcome outcome : budgets.getOrDefault(member.name(), List.of())) {
        variant = variant.withBudget(outcome);
      }
      variants.add(variant);
    }
    return RunRecord.create(
        dataset,
        EnvironmentSummary.of(evaluator),
        Optional.of(family.baseline().name()),
        variants,
        failures());
  }

  /**
   * Returns the run record of every member evaluated so far, without budget outcomes, with each
   * recorded model's latency measured in this process ({@link LatencyProbe}), one after the other
   * in the record's order: what {@code modelbudget check --latency} and the Maven plugin's {@code
   * check} gate {@code maxLatencyP50}/{@code maxLatencyP95} limits on.
   *
   * @param settings how to measure
   * @param listener told before each model is timed, with its name, position from 0 and the count
   * @return the record with latencies
   * @throws ModelBudgetException if the runtime cannot run a model
   */
  public RunRecord recordWithLatencies(LatencySettings settings, LatencyListener listener) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(listener, "listener");
    RunRecord run = record();
    Map<String, LatencyStats> measured = new HashMap<>();
    List<VariantRecord> variants = run.variants();
    for (int i = 0; i < variants.size(); i++) {
      String name = variants.get(i).name();
      listener.timing(name, i, variants.size());
      measured.put(
          name,
          LatencyProbe.measure(family.member(name).orElseThrow().model(), settings).latency());
    }
    return run.withLatencies(measured);
  }

  /**
   * Returns the run record of every member evaluated so far, without budget outcomes.
   *
   * @return the record
   * @see #record(Map)
   */
  public RunRecord record() {
    return record(Map.of());
  }

  private void requireMember(FamilyMember member) {
    if (family.member(member.name()).filter(member::equals).isEmpty()) {
      throw new IllegalArgumentException(member + " is not a member of " + family);
    }
  }
}
