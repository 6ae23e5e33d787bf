package io.github.modelbudget.cli;

import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.budget.Violation;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.optimizer.search.BudgetSearch;
import io.github.modelbudget.optimizer.search.Candidate;
import io.github.modelbudget.optimizer.search.QuantizationMode;
import io.github.modelbudget.optimizer.search.SearchResult;
import io.github.modelbudget.optimizer.search.SearchSpace;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget tune}: the smallest variant of a model that meets a budget. */
@Command(
    name = "tune",
    mixinStandardHelpOptions = true,
    header = "Find the smallest variant of a model that meets a budget.",
    description =
        "Tries every --sparsities level (one-shot magnitude pruning per tensor) with every --modes mode; a dynamic or int8 candidate that misses the budget is compared with the baseline layer by layer and tried again with its 1, 2, ... --max-float most harmed weighted layers kept float. Each distinct candidate is evaluated once and held to the budget file's default budget. The smallest candidate (ZIP size) with no error-level violation is written to DIR/NAME.tflite; DIR/run.json holds every candidate with its outcome, DIR/report.html and DIR/summary.md show them with the Pareto front, and the choice is explained (its accuracy change, McNemar p and agreement; for a regression model its MAE change and Wilcoxon p). A budget no candidate meets exits 1 and lists the closest candidates.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget tune baseline.tflite --data test.npz --budget budget.json --out tuned/",
      "  modelbudget tune baseline.tflite --data test.npz --budget budget.json --out tuned/ \\",
      "      --calibration train.npz --modes int8,dynamic --sparsities 0,0.5,0.75"
    })
final class TuneCommand implements Callable<Integer> {

  private static final int CLOSEST = 3;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The float .tflite model.")
  Path model;

  @Mixin EvaluationOptions options;

  @Option(
      names = "--budget",
      required = true,
      paramLabel = "FILE",
      description =
          "The budget file (JSON or YAML); its default budget applies to every candidate.")
  Path budget;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
  Path out;

  @Option(
      names = "--calibration",
      paramLabel = "DATA",
      description = "Representative inputs for int8 candidates; without it, none is tried.")
  Path calibration;

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "none,dynamic,float16,int8",
      paramLabel = "MODE",
      description =
          "Quantization modes to try: none, dynamic, float16, int8 (default: ${DEFAULT-VALUE}).")
  List<QuantizationMode> modes;

  @Option(
      names = "--sparsities",
      split = ",",
      defaultValue = "0,0.5",
      paramLabel = "S",
      description = "Pruning levels in [0, 1) (default: ${DEFAULT-VALUE}).")
  List<Double> sparsities;

  @Option(
      names = "--max-float",
      defaultValue = "3",
      paramLabel = "K",
      description =
          "The most harmed layers a candidate may keep float (default: ${DEFAULT-VALUE}).")
  int maxFloat;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    SearchSpace space;
    try {
      space = new SearchSpace(modes, sparsities, maxFloat);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    BudgetFile budgets = BudgetFile.read(budget);
    TfliteModel baseline = TfliteModel.read(model);
    Dataset data = options.dataset(spec.commandLine(), baseline);
    Optional<Dataset> representative =
        Optional.ofNullable(calibration)
            .map(p -> options.dataOptions.load(spec.commandLine(), p, Optional.of(baseline)));
    long started = System.nanoTime();
    SearchResult result =
        new BudgetSearch(options.evaluator(spec.commandLine()), space)
            .search(baseline, data, representative, budgets);
    double seconds = (System.nanoTime() - started) / 1e9;

    stdout.printf(
        Locale.ROOT,
        "%d candidates, %d evaluations (the baseline included) in %.1f s%n",
        result.candidates().size(),
        result.evaluations(),
        seconds);
    stdout.printf(Locale.ROOT, "  %-28s %10s  %s%n", "candidate", "zip", "budget");
    for (Candidate c : result.candidates()) {
      stdout.printf(
          Locale.ROOT,
          "  %-28s %10s  %s%n",
          c.name(),
          String.format(Locale.ROOT, "%,d", c.zipBytes()),
          c.passed() ? "met" : c.outcome().errors().size() + " error(s)");
    }
    // The record, the report (every candidate, the Pareto front) and the summary belong together.
    RunRecords.write(result.record(), out.resolve("run.json"));
    HtmlReport.write(result.record(), Optional.empty(), out.resolve("report.html"));
    MarkdownSummary.write(result.record(), Optional.empty(), out.resolve("summary.md"));
    Optional<Candidate> best = result.best();
    if (best.isPresent()) {
      Candidate c = best.get();
      Path file = out.resolve(c.name() + ".tflite");
      c.model().save(file);
      stdout.printf(
          Locale.ROOT,
          "smallest candidate meeting the budget: %s%s: %,d B ZIP%s -> %s%n",
          c.name(),
          c.keptFloat().isEmpty() ? "" : " (kept float: " + String.join(", ", c.keptFloat()) + ")",
          c.zipBytes(),
          explanation(result, c),
          file);
      stdout.printf(Locale.ROOT, "report: %s%n", out.resolve("report.html"));
      stdout.flush();
      return ExitCode.OK;
    }
    stdout.println("no candidate meets the budget; the closest:");
    for (Candidate c : result.closest(CLOSEST)) {
      stdout.printf(Locale.ROOT, "  %s (%,d B ZIP)%n", c.name(), c.zipBytes());
      for (Violation v : c.outcome().errors()) {
        stdout.printf(Locale.ROOT, "    %s%n", v.message());
      }
    }
    stdout.flush();
    return ExitCode.BUDGET_VIOLATED;
  }

  /**
   * The chosen candidate's change against the baseline, e.g. {@code ", accuracy -0.30 points
   * (McNemar p = 0.62), agreement 99.50%"}, or its MAE change for a regression model.
   */
  private static String explanation(SearchResult result, Candidate c) {
    return result
        .record()
        .variant(c.name())
        .flatMap(v -> v.comparison())
        .map(cmp -> ", " + cmp.summary())
        .orElse("");
  }
}
