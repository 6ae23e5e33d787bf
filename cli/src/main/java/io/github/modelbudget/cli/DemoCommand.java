package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.harness.runtime.SessionOptions;
import io.github.modelbudget.optimizer.model.Architectures;
import io.github.modelbudget.optimizer.pipeline.PipelineRecipe;
import io.github.modelbudget.optimizer.pipeline.PipelineResult;
import io.github.modelbudget.optimizer.pipeline.VariantPipeline;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code modelbudget demo}: the Quick, Draw! experiment end to end, on generated drawings until the
 * bundled real ones arrive.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Run the Quick, Draw! experiment end to end: train, prune, quantize, compare, report.",
    description =
        "Generates two classes of 28x28 drawings (stand-ins for the experiment's Eiffel Tower and"
            + " Mona Lisa), trains the experiment's CNN on three quarters of them, prunes and"
            + " quantizes it, evaluates the four variants on the rest in the real TFLite runtime,"
            + " measures their latency, and writes baseline.tflite, quantized.tflite,"
            + " pruned.tflite, pruned_quantized.tflite, run.json, report.html and summary.md into"
            + " --out.",
    footerHeading = "%nExample:%n",
    footer = "  modelbudget demo --out target/demo")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "modelbudget-demo",
      description = "Where to write everything (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the drawings, weights and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--samples",
      defaultValue = "2000",
      description = "Drawings to generate, both classes (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if (samples < 40) {
      throw new ParameterException(spec.commandLine(), "--samples must be at least 40");
    }
    Dataset.Split split = DemoData.generate(samples, seed).stratifiedSplit(0.25, seed);
    w.printf(
        Locale.ROOT,
        "Generated %,d drawings of %s: %,d to train, %,d to test%n",
        samples,
        DemoData.CLASSES,
        split.train().size(),
        split.test().size());
    PipelineResult made =
        VariantPipeline.run(
            Architectures.seedCnn("baseline"),
            split.train(),
            PipelineRecipe.seed(seed),
            out,
            new EpochPrinter(w));

    // The written files name the variants; the models in memory may keep their source's name.
    List<TfliteModel> models =
        made.models().keySet().stream().map(name -> TfliteModel.read(made.file(name))).toList();
    TfliteModel baseline = Inputs.named(models, "baseline", out.toString());
    Evaluator evaluator = Evaluator.defaults();
    Map<String, EvaluationResult> results =
        Evaluations.run(evaluator, models, split.test(), new ProgressLine(w, false));
    RunRecord evaluated = RunRecordBuilder.of(evaluator, split.test(), models, baseline, results);
    List<VariantRecord> withLatency = new ArrayList<>();
    for (VariantRecord v : evaluated.variants()) {
      withLatency.add(
          v.withLatency(
              LatencyProbe.measure(
                      Inputs.named(models, v.name(), out.toString()),
                      SessionOptions.defaults(),
                      1,
                      10,
                      200,
                      OptionalLong.of(seed))
                  .latency()));
    }
    RunRecord record = RunRecordBuilder.withVariants(evaluated, withLatency);

    w.println();
    List<Comparison> comparisons =
        record.variants().stream()
            .map(VariantRecord::comparison)
            .flatMap(Optional::stream)
            .toList();
    ComparisonTable.print(w, split.test(), baseline, results.get("baseline"), comparisons);
    for (VariantRecord v : record.variants()) {
      w.printf(
          Locale.ROOT,
          "  %-18s latency median %.1f µs, p95 %.1f µs%n",
          v.name(),
          v.latency().orElseThrow().p50Nanos() / 1e3,
          v.latency().orElseThrow().p95Nanos() / 1e3);
    }
    RunRecords.write(record, out.resolve("run.json"));
    HtmlReport.write(record, Optional.empty(), out.resolve("report.html"));
    MarkdownSummary.write(record, Optional.empty(), out.resolve("summary.md"));
    w.printf(
        Locale.ROOT,
        "%nWrote the four variants, run.json, report.html and summary.md to %s%n",
        out);
    w.flush();
    return ExitCode.OK;
  }
}
