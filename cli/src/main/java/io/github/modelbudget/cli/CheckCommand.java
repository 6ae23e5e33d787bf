package io.github.modelbudget.cli;

import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.family.BudgetGate;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.reports.ReportInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
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
        "Evaluates every .tflite file in --models on --data (or reads a run record with --record), compares each with the baseline, checks each against its budget from --budget and lists every violation; the baseline is held to the absolute limits only (relative ones are listed as not applicable to it). A budget entry that matches no model is an error (exit 3), and so is a model that cannot be evaluated: the others are still checked. With --out it writes the run record, budgets included.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget check --budget budget.json --data test.npz --models models/ \\",
      "      --out run.json",
      "  modelbudget check --budget budget.yaml --record target/modelbudget/run.json",
      "  modelbudget check --budget budget.yaml --data test.npz --models models/ --latency"
    })
final class CheckCommand implements Callable<Integer> {

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
      paramLabel = "NAME|FILE",
      description =
          "The baseline: its name in --models, or its file there as compare and layers take it"
              + " (default: ${DEFAULT-VALUE}).")
  String baseline;

  @Option(
      names = "--out",
      paramLabel = "RUN.json",
      description = "Write the run record, with the budgets' outcomes, here.")
  Path out;

  @Option(
      names = "--latency",
      description =
          "Also measure each model's latency, benchmark_model-style (one interpreter thread,"
              + " XNNPACK as --xnnpack, batch 1, 10 warm-up and --latency-runs timed runs on seeded"
              + " random inputs), so that maxLatencyP50/maxLatencyP95 limits can be checked.")
  boolean latency;

  @Option(
      names = "--latency-runs",
      defaultValue = "200",
      paramLabel = "N",
      description = "Timed runs per model with --latency, at least 10 (default: ${DEFAULT-VALUE}).")
  int latencyRuns;

  @Mixin TopKOption topK;

  @Mixin QuietOption quiet;

  @Mixin VerboseOption verbose;

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
    if (record != null && latency) {
      throw new ParameterException(
          spec.commandLine(), "--latency measures --models; a recorded run keeps its own latency");
    }
    if (latencyRuns < 10) {
      throw new ParameterException(
          spec.commandLine(), "--latency-runs must be at least 10 but was " + latencyRuns);
    }
    OptionalInt k = topK.stated();
    BudgetFile read = BudgetFile.read(budget);
    BudgetFile budgets = k.isPresent() ? read.withTopK(k.getAsInt()) : read;
    RunRecord run = record != null ? ReportInputs.read(record) : evaluate();
    BudgetGate.Result gate = BudgetGate.check(run, budgets);
    GateOutput.print(w, gate);
    if (out != null) {
      RunRecords.write(gate.record(), out);
    }
    w.printf(
        Locale.ROOT,
        "%s: %d variant(s), %d error(s), %d warning(s)%s against %s%s%n",
        GateOutput.verdict(gate),
        gate.record().variants().size(),
        gate.errors(),
        gate.warnings(),
        gate.failures().isEmpty() ? "" : ", " + gate.failures().size() + " not measured",
        budget,
        out == null ? "" : "; run record written to " + out);
    w.flush();
    return GateOutput.exitCode(gate);
  }

  private RunRecord evaluate() {
    Evaluator evaluator = options.evaluator(spec.commandLine());
    ModelFamily family = ModelFamily.inDirectory(models, baseline);
    Dataset data = options.dataset(spec.commandLine(), family.baseline().model());
    FamilyRun run = FamilyProgress.evaluateAll(FamilyRun.of(family, data, evaluator), quiet);
    if (!latency) {
      return run.record();
    }
    LatencySettings settings =
        LatencySettings.defaults().withXnnpack(options.xnnpack).withRuns(10, latencyRuns, 10);
    ProgressLine progress = quiet.progressLine();
    RunRecord timed =
        run.recordWithLatencies(
            settings, (name, index, total) -> progress.update("timing " + name, index, total));
    progress.update("timed", timed.variants().size(), timed.variants().size());
    progress.finish();
    return timed;
  }
}
