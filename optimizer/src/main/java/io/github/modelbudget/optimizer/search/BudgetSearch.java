package io.github.modelbudget.optimizer.search;

import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetFileException;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LayerComparison;
import io.github.modelbudget.harness.eval.LayerError;
import io.github.modelbudget.harness.eval.LayerReport;
import io.github.modelbudget.harness.family.BudgetGate;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.EnvironmentSummary;
import io.github.modelbudget.harness.results.LayerSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.Float16Quantizer;
import io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer;
import io.github.modelbudget.optimizer.quantize.IoType;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.rewrite.UnmatchedFilterException;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the smallest variant of a float model that meets a budget (Intel Neural Compressor's {@code
 * tolerable_loss}, NNCF's {@code max_drop}, with this project's budgets).
 *
 * <p>For every sparsity level of the {@link SearchSpace} (one-shot magnitude pruning per tensor)
 * and every mode, a candidate is made and evaluated. A dynamic-range or int8 candidate that misses
 * the budget is compared with the baseline layer by layer ({@link LayerComparison}); its weighted
 * layers whose weights the mode changes, most harmed first, are then kept float one more at a time,
 * up to {@link SearchSpace#maxKeptFloat()}, until a candidate meets the budget (keeping more float
 * only makes it larger). Each distinct model (by content digest) is evaluated exactly once, the
 * baseline once. Every candidate is held to the budget file's default budget through {@link
 * BudgetGate}; the answer is the smallest candidate by ZIP size with no error-level violation. The
 * run record keeps the per-layer comparison of each candidate that was compared, so the report
 * shows why it missed.
 *
 * <pre>{@code
 * SearchResult result = new BudgetSearch(Evaluator.defaults(), SearchSpace.defaults())
 *     .search(baseline, test, Optional.of(calibration), BudgetFile.read(budgetPath));
 * result.best().ifPresent(c -> c.model().save(out.resolve(c.name() + ".tflite")));
 * }</pre>
 *
 * @param evaluator how candidates are evaluated
 * @param space what is tried
 */
public record BudgetSearch(Evaluator evaluator, SearchSpace space) {

  private static final Set<String> WEIGHTED =
      Set.of("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED");

  /** Validates. */
  public BudgetSearch {
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(space, "space");
  }

  /**
   * Searches.
   *
   * @param baseline the float model
   * @param data the evaluation data, labelled
   * @param calibration representative inputs for int8 candidates; without them, no int8 candidate
   * @param budgets the budget file; its default budget applies to every candidate
   * @return every candidate, the best one, and the run record
   * @throws BudgetFileException if the budget file has per-variant entries, which cannot name
   *     candidates that do not exist yet
   */
  public SearchResult search(
      TfliteModel baseline, Dataset data, Optional<Dataset> calibration, BudgetFile budgets) {
    if (!budgets.overrides().isEmpty()) {
      throw new BudgetFileException(
          budgets.origin(),
          0,
          "a search holds every candidate to the default budget, but the file also has entries for "
              + budgets.overrides().size()
              + " variants; move their limits to \"default\"",
          null);
    }
    BudgetFile defaults = new BudgetFile(budgets.origin(), budgets.defaultBudget(), List.of());
    Run run = new Run(baseline, data, defaults);
    for (double sparsity : space.sparsities()) {
      TfliteModel pruned =
          sparsity == 0
              ? baseline
              : new OneShotPruner(OneShotPruningOptions.perTensor(sparsity))
                  .prune(baseline)
                  .model();
      for (QuantizationMode mode : space.modes()) {
        if ((mode == QuantizationMode.NONE && sparsity == 0)
            || (mode == QuantizationMode.INT8 && calibration.isEmpty())) {
          continue;
        }
        Candidate plain = run.evaluate(pruned, mode, sparsity, List.of(), calibration);
        boolean keepable = mode == QuantizationMode.DYNAMIC || mode == QuantizationMode.INT8;
        if (plain.passed() || !keepable || space.maxKeptFloat() == 0) {
          continue;
        }
        LayerReport layers = LayerComparison.withDefaults().compare(baseline, plain.model(), data);
        run.attach(plain, layers);
        List<String> harmed =
            layers.layers().stream()
                .filter(l -> WEIGHTED.contains(l.operator()))
                .map(LayerError::baselineTensor)
                .distinct()
                .filter(layer -> quantizes(pruned, mode, layer, calibration))
                .limit(space.maxKeptFloat())
                .toList();
        for (int k = 1; k <= harmed.size(); k++) {
          Candidate kept = run.evaluate(pruned, mode, sparsity, harmed.subList(0, k), calibration);
          if (kept.passed()) {
            break;
          }
        }
      }
    }
    return new SearchResult(run.candidates, run.evaluations, run.record());
  }

  /** The state of one search: the baseline's evaluation and every candidate so far. */
  private final class Run {
    private final TfliteModel baseline;
    private final Dataset data;
    private final BudgetFile budgets;
    private final EvaluationResult baseEvaluation;
    private final VariantRecord baseRecord;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<VariantRecord> records = new ArrayList<>();
    private final Map<String, Candidate> byDigest = new HashMap<>();
    private int evaluations;

    Run(TfliteModel baseline, Dataset data, BudgetFile budgets) {
      this.baseline = baseline;
      this.data = data;
      this.budgets = budgets;
      this.baseEvaluation = evaluator.evaluate(baseline, data);
      this.baseRecord = VariantRecord.of(baseline, baseEvaluation);
      this.evaluations = 1;
    }

    Candidate evaluate(
        TfliteModel source,
        QuantizationMode mode,
        double sparsity,
        List<String> keptFloat,
        Optional<Dataset> calibration) {
      String name = name(mode, sparsity, keptFloat.size());
      TfliteModel model = make(source, mode, keptFloat, calibration).withName(name);
      Candidate seen = byDigest.get(model.sha256());
      if (seen != null) {
        return seen;
      }
      EvaluationResult evaluation = evaluator.evaluate(model, data);
      evaluations++;
      ModelSizes sizes = ModelSizes.of(model);
      VariantRecord record =
          VariantRecord.of(model, evaluation)
              .withComparison(
                  Comparison.of(baseEvaluation, evaluation, ModelSizes.of(baseline), sizes));
      RunRecord pair = record(List.of(baseRecord, record));
      BudgetGate.Result gate = BudgetGate.check(pair, budgets);
      BudgetOutcome outcome = gate.outcomes().get(1);
      Candidate candidate =
          new Candidate(name, mode, sparsity, keptFloat, model, sizes.zip(), outcome);
      candidates.add(candidate);
      records.add(gate.record().variants().get(1));
      byDigest.put(model.sha256(), candidate);
      return candidate;
    }

    /** Keeps a candidate's per-layer comparison in its run record, for the report. */
    void attach(Candidate candidate, LayerReport layers) {
      int index = candidates.indexOf(candidate);
      records.set(index, records.get(index).withLayers(LayerSummary.of(layers)));
    }

    RunRecord record() {
      List<VariantRecord> all = new ArrayList<>();
      all.add(BudgetGate.check(record(List.of(baseRecord)), budgets).record().variants().get(0));
      all.addAll(records);
      return record(all);
    }

    private RunRecord record(List<VariantRecord> variants) {
      return RunRecord.create(
          data, EnvironmentSummary.of(evaluator), Optional.of(baseline.name()), variants);
    }
  }

  private static TfliteModel make(
      TfliteModel source,
      QuantizationMode mode,
      List<String> keptFloat,
      Optional<Dataset> calibration) {
    Optional<WeightFilter> keep =
        keptFloat.isEmpty()
            ? Optional.empty()
            : Optional.of(
                WeightFilter.of(
                    "keep-float",
                    keptFloat.stream()
                        .map(Pattern::quote)
                        .collect(Collectors.joining("|", "^(?:", ")$"))));
    return switch (mode) {
      case NONE -> source;
      case DYNAMIC ->
          new DynamicRangeQuantizer(QuantizationOptions.defaults().withKeepFloat(keep))
              .quantize(source)
              .model();
      case FLOAT16 -> new Float16Quantizer(keep).quantize(source).model();
      case INT8 ->
          new FullIntegerQuantizer(IoType.FLOAT32, keep)
              .quantize(source, calibration.orElseThrow())
              .model();
    };
  }

  /**
   * Tells whether the mode changes the weights of a layer at all: one it leaves float anyway (too
   * few elements, say) is harmed only by its inputs, and keeping it float would change nothing.
   */
  private static boolean quantizes(
      TfliteModel source, QuantizationMode mode, String layer, Optional<Dataset> calibration) {
    try {
      make(source, mode, List.of(layer), calibration);
      return true;
    } catch (UnmatchedFilterException e) {
      return false;
    }
  }

  private static String name(QuantizationMode mode, double sparsity, int keptFloat) {
    StringBuilder name =
        new StringBuilder(
            mode == QuantizationMode.NONE ? "pruned" : mode.name().toLowerCase(Locale.ROOT));
    if (sparsity > 0) {
      name.append(mode == QuantizationMode.NONE ? "" : "_sparse")
          .append(Math.round(sparsity * 100));
    }
    if (keptFloat > 0) {
      name.append("_float").append(keptFloat);
    }
    return name.toString();
  }
}
