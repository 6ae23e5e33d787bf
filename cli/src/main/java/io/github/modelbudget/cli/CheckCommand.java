package io.github.modelbudget.cli;

import io.github.modelbudget.harness.budget.Budget;
import io.github.modelbudget.harness.budget.BudgetCheck;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.Limit;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.budget.Violation;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.reports.ReportInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code modelbudget check}: the CI gate. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Gate models against a budget file; exit 1 when an error-level budget is violated.",
    description =
        "Evaluates every .tflite file in --models on --data (or reads a run record with --record), compares each with the baseline, checks each against its budget from --budget and lists every violation; the baseline is held to the absolute limits only. With --out it writes the run record, budgets included.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every error-level budget holds (warnings may be listed)",
      "1:an error-level budget is violated",
      "2:usage error",
      "3:unreadable or invalid input (model, data, budget file, run record)"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget check --budget budget.json --data test.npz --models models/ \\",
      "      --out run.json",
      "  modelbudget check --budget budget.yaml --record target/modelbudget/run.json"
    })
final class CheckCommand implements Callable<Integer> {

  private static final Set<Metric> RELATIVE =
      EnumSet.of(
          Metric.MAX_ACCURACY_DROP,
          Metric.MAX_RELATIVE_ACCURACY_DROP,
          Metric.MIN_SIZE_REDUCTION,
          Metric.MIN_AGREEMENT);

  @Spec CommandSpec spec;

  @Mixin EvaluationOptions options;

  @Option(
      names = "--budget",
      required = true,
      paramLabel = "FILE",
      description = "The budget file (JSON or YAML).")
  Path budget;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "The folder of .tflite variants, the baseline among them.")
  Path models;

  @Option(
      names = "--record",
      paramLabel = "RUN.json",
      description = "Check a run record instead of evaluating --models on --data.")
  Path record;

  @Option(
      names = "--baseline",
      defaultValue = "baseline",
      paramLabel = "NAME",
      description = "The baseline's name in --models (default: ${DEFAULT-VALUE}).")
  String baseline;

  @Option(
      names = "--out",
      paramLabel = "RUN.json",
      description = "Write the run record, with the budgets' outcomes, here.")
  Path out;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if ((record == null) == (models == null)) {
      throw new ParameterException(
          spec.commandLine(), "Give either --models DIR with --data, or --record RUN.json");
    }
    if (record != null && options.data != null) {
      throw new ParameterException(spec.commandLine(), "--data is not used with --record");
    }
    BudgetFile budgets = BudgetFile.read(budget);
    RunRecord run = record != null ? ReportInputs.read(record) : evaluate();

    List<VariantRecord> checked = new ArrayList<>();
    int errors = 0;
    int warnings = 0;
    for (VariantRecord variant : run.variants()) {
      Budget limits = budgets.budgetFor(variant.name());
      if (run.baseline().filter(variant.name()::equals).isPresent()) {
        limits = withoutRelativeLimits(limits);
      }
      BudgetOutcome outcome = BudgetCheck.check(limits, run.measurements(variant.name()));
      errors += outcome.errors().size();
      warnings += outcome.warnings().size();
      report(w, outcome);
      checked.add(withOnly(variant, outcome));
    }
    RunRecord result = RunRecordBuilder.withVariants(run, checked);
    if (out != null) {
      RunRecords.write(result, out);
    }
    w.printf(
        Locale.ROOT,
        "%s: %d variant(s), %d error(s), %d warning(s) against %s%s%n",
        errors == 0 ? "PASSED" : "FAILED",
        checked.size(),
        errors,
        warnings,
        budget,
        out == null ? "" : "; run record written to " + out);
    w.flush();
    return errors == 0 ? ExitCode.OK : ExitCode.BUDGET_VIOLATED;
  }

  private RunRecord evaluate() {
    Evaluator evaluator = options.evaluator(spec.commandLine());
    Dataset data = options.dataset(spec.commandLine());
    List<TfliteModel> all = Inputs.modelsIn(models);
    TfliteModel base = Inputs.named(all, baseline, models.toString());
    Map<String, EvaluationResult> results =
        Evaluations.run(
            evaluator,
            all,
            data,
            new ProgressLine(spec.commandLine().getErr(), ProgressLine.onTerminal(quiet)));
    return RunRecordBuilder.of(evaluator, data, all, base, results);
  }

  private static void report(PrintWriter w, BudgetOutcome outcome) {
    String verdict =
        !outcome.errors().isEmpty() ? "FAIL" : outcome.warnings().isEmpty() ? "ok" : "warn";
    w.printf(
        Locale.ROOT,
        "%-4s %s (%d limit(s) checked)%n",
        verdict,
        outcome.variant(),
        outcome.checked().size());
    for (Violation v : outcome.violations()) {
      w.printf(Locale.ROOT, "       %s: %s%n", v.level().key(), v.message());
    }
  }

  /**
   * Drops the limits that compare a variant with the baseline: the baseline is checked only against
   * the absolute ones (accuracy, sizes, parameters, latency).
   */
  private static Budget withoutRelativeLimits(Budget budget) {
    Map<Metric, Limit> absolute = new EnumMap<>(Metric.class);
    budget
        .limits()
        .forEach(
            (metric, limit) -> {
              if (!RELATIVE.contains(metric)) {
                absolute.put(metric, limit);
              }
            });
    return new Budget(absolute, budget.level(), budget.alpha(), budget.significantDropsOnly());
  }

  /** Replaces budgets a previous check recorded with this check's outcome. */
  private static VariantRecord withOnly(VariantRecord v, BudgetOutcome outcome) {
    return new VariantRecord(
            v.name(),
            v.sha256(),
            v.sizes(),
            v.inspection(),
            v.evaluation(),
            v.comparison(),
            List.of(),
            v.latency(),
            v.predictions())
        .withBudget(outcome);
  }
}
