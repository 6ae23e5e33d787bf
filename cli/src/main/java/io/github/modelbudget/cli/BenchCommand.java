package io.github.modelbudget.cli;

import io.github.modelbudget.harness.eval.LatencyProbe;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.harness.runtime.ExecutionPlan;
import io.github.modelbudget.reports.ReportInputs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget bench}: latency of single invocations, as TFLite's benchmark_model. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = "Measure models' inference latency the way TFLite's benchmark_model does.",
    description =
        "For each model: init time (load and first allocation), how many of its operators the XNNPACK delegate took, the first inference, warm-up runs, then timed runs reported as count, mean, std, min, p5, median, p95 and max of the native Invoke time. Inputs are zeros or seeded random values of the model's input shape.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget bench baseline.tflite quantized.tflite",
      "  modelbudget bench --interpreter-threads 2 --xnnpack=false --runs 500 models/*.tflite",
      "  modelbudget bench --attach target/modelbudget/run.json models/*.tflite"
    })
final class BenchCommand implements Callable<Integer> {

  /** What the inputs hold while timing. */
  enum InputValues {
    /** Every element zero. */
    ZEROS,
    /** Uniform values in [0, 1) from {@code --seed}. */
    RANDOM
  }

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "MODEL", description = "The .tflite files.")
  List<Path> models;

  @Option(
      names = "--interpreter-threads",
      defaultValue = "1",
      paramLabel = "N",
      description = EvaluationOptions.INTERPRETER_THREADS)
  int interpreterThreads;

  @Option(
      names = "--xnnpack",
      arity = "1",
      defaultValue = "true",
      paramLabel = "true|false",
      description = EvaluationOptions.XNNPACK)
  boolean xnnpack;

  @Option(
      names = "--batch",
      defaultValue = "1",
      description = "Samples per invocation (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "Untimed runs after the first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--runs",
      defaultValue = "100",
      description = "Timed runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--repetitions",
      defaultValue = "10",
      description =
          "Split the timed runs into this many consecutive groups and record each group's median,"
              + " so that report --previous can compare two runs with a rank test"
              + " (default: ${DEFAULT-VALUE}, or --runs if fewer).")
  int repetitions;

  @Option(
      names = "--inputs",
      defaultValue = "RANDOM",
      description = "Input values: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  InputValues inputs;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of random inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--attach",
      paramLabel = "RUN.json",
      description =
          "Add each model's latency to the variant of the same name in this run record"
              + " (rewritten in place).")
  Path attach;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (interpreterThreads < 1 || batch < 1 || runs < 1 || warmup < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--interpreter-threads, --batch and --runs must be at least 1, --warmup at least 0");
    }
    boolean explicit = spec.commandLine().getParseResult().hasMatchedOption("--repetitions");
    int groups = explicit ? repetitions : Math.min(repetitions, runs);
    if (groups < 1 || groups > runs) {
      throw new ParameterException(
          spec.commandLine(),
          "--repetitions must be between 1 and --runs (" + runs + ") but was " + repetitions);
    }
    LatencySettings settings =
        new LatencySettings(
            interpreterThreads,
            xnnpack,
            batch,
            warmup,
            runs,
            groups,
            inputs == InputValues.RANDOM ? OptionalLong.of(seed) : OptionalLong.empty());
    PrintWriter out = spec.commandLine().getOut();
    RunRecord record = attach == null ? null : ReportInputs.read(attach);
    List<LatencyProbe.Benchmark> results = new ArrayList<>();
    for (TfliteModel model : Inputs.models(models)) {
      if (record != null && record.variant(model.name()).isEmpty()) {
        throw new InvalidRunRecordException(
            attach
                + ": no variant '"
                + model.name()
                + "' to attach the latency to; it has "
                + record.variants().stream().map(VariantRecord::name).toList(),
            null);
      }
      results.add(LatencyProbe.measure(model, settings));
    }
    if (json) {
      out.println(Json.write(results.size() == 1 ? results.get(0) : results));
    } else {
      results.forEach(r -> print(out, r));
    }
    if (record != null) {
      Map<String, LatencyStats> byModel = new HashMap<>();
      results.forEach(r -> byModel.put(r.model(), r.latency()));
      RunRecords.write(record.withLatencies(byModel), attach);
      if (!json) {
        out.printf(Locale.ROOT, "Latency attached to %s%n", attach);
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  private static void print(PrintWriter out, LatencyProbe.Benchmark b) {
    LatencyStats l = b.latency();
    out.printf(
        Locale.ROOT,
        "%s (interpreter threads %d, XNNPACK %s, batch %d)%n",
        b.model(),
        b.threads(),
        b.xnnpack() ? "on" : "off",
        b.batch());
    out.printf(Locale.ROOT, "  init              %.3f ms%n", b.initMillis());
    ExecutionPlan plan = b.plan();
    out.printf(
        Locale.ROOT,
        "  XNNPACK nodes     %d of %d operators (%d partition%s)%n",
        plan.delegatedOperators(),
        plan.operators(),
        plan.delegatePartitions(),
        plan.delegatePartitions() == 1 ? "" : "s");
    out.printf(Locale.ROOT, "  first inference   %.1f µs%n", b.firstInferenceMicros());
    out.printf(Locale.ROOT, "  warm-up runs      %d%n", b.warmupRuns());
    out.printf(
        Locale.ROOT,
        "  timed runs        count=%d mean=%.1f std=%.1f min=%.1f p5=%.1f median=%.1f"
            + " p95=%.1f max=%.1f (µs)%n",
        l.count(),
        l.meanNanos() / 1e3,
        l.stdNanos() / 1e3,
        l.minNanos() / 1e3,
        l.p5Nanos() / 1e3,
        l.p50Nanos() / 1e3,
        l.p95Nanos() / 1e3,
        l.maxNanos() / 1e3);
  }
}
