package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.ModelFailure;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.variants.StandardVariants;
import io.github.modelbudget.optimizer.variants.Variant;
import io.github.modelbudget.optimizer.variants.VariantOptions;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** {@code modelbudget variants}: the standard family of optimized variants of one baseline. */
@Command(
    name = "variants",
    mixinStandardHelpOptions = true,
    header = "Make the optimized variants of a float .tflite model, and compare them with it.",
    description =
        "Makes the standard family from MODEL and writes it into --out: baseline.tflite (a copy), quantized.tflite (dynamic-range, TF 2.21's scheme), float16.tflite, pruned.tflite (one-shot magnitude pruning, --sparsity per tensor) and pruned_quantized.tflite, and with --calibration DATA int8.tflite (full integer, float inputs and outputs); --keep-float REGEX leaves the matching weights float in the quantized ones. Every variant is made in memory first, so a model that cannot be optimized (quantized already, corrupt) writes nothing; each file is written atomically. With --data it also evaluates the family in the real TFLite runtime, prints each variant's paired comparison with the baseline and writes run.json, report.html and summary.md.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget variants baseline.tflite --out variants/",
      "  modelbudget variants baseline.tflite --data test.npz --sparsity 0.8 --out variants/",
      "  modelbudget variants baseline.tflite --data test.npz --calibration train.npz --out v/"
    })
final class VariantsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The float baseline .tflite file.")
  Path model;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write the variants (and the report).")
  Path out;

  @Option(
      names = "--sparsity",
      paramLabel = "S",
      defaultValue = "" + VariantOptions.DEFAULT_SPARSITY,
      description =
          "The pruned variants' fraction of zeros per weight tensor (default: ${DEFAULT-VALUE}).")
  double sparsity;

  @Option(
      names = "--calibration",
      paramLabel = "DATA",
      description =
          "Representative inputs (.npz, IDX, Quick, Draw!): also make int8.tflite, full-integer"
              + " quantized and calibrated on them.")
  Path calibration;

  @Mixin KeepFloatOption keepFloat;

  @Mixin EvaluationOptions evaluation;

  @Mixin QuietOption quiet;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--sparsity must be in [0, 1) but was " + sparsity);
    }
    keepFloat.filter(spec.commandLine()); // a bad pattern is a usage error before anything is read
    Optional<Evaluator> evaluator =
        evaluation.data == null
            ? Optional.empty()
            : Optional.of(evaluation.evaluator(spec.commandLine()));
    TfliteModel baseline = TfliteModel.read(model);
    // The data is read before anything is written, so that bad data leaves --out alone.
    Optional<Dataset> data =
        evaluation.data == null
            ? Optional.empty()
            : Optional.of(evaluation.dataset(spec.commandLine(), baseline));
    VariantOptions options =
        VariantOptions.defaults()
            .withPruning(OneShotPruningOptions.perTensor(sparsity))
            .withKeepFloat(keepFloat.filter(spec.commandLine()));
    Optional<Dataset> calibrationData =
        calibration == null
            ? Optional.empty()
            : Optional.of(
                evaluation
                    .dataOptions
                    .load(spec.commandLine(), calibration, Optional.of(baseline))
                    .named(calibration.toString()));
    List<Variant> family = new StandardVariants(options).make(baseline, calibrationData);
    PrintWriter w = spec.commandLine().getOut();
    if (data.isEmpty()) {
      printVariants(w, family, StandardVariants.write(family, out));
      w.flush();
      return ExitCode.OK;
    }
    FamilyRun run = evaluate(family, data.get(), evaluator.orElseThrow());
    List<ModelFailure> failures = run.failures();
    FamilyMember base = run.family().baseline();
    if (failures.stream().anyMatch(f -> f.name().equals(base.name()))) {
      // Data that does not fit the baseline fits none of its variants: write nothing.
      w.flush();
      return FamilyProgress.report(spec.commandLine().getErr(), failures);
    }
    printVariants(w, family, StandardVariants.write(family, out));
    List<Comparison> comparisons = new ArrayList<>();
    for (FamilyMember variant : run.family().variants()) {
      if (failures.stream().noneMatch(f -> f.name().equals(variant.name()))) {
        comparisons.add(run.comparison(variant));
      }
    }
    w.println();
    ComparisonTable.print(w, data.get(), base, run.evaluation(base), comparisons);
    RunRecord record = run.record();
    RunRecords.write(record, out.resolve("run.json"));
    HtmlReport.write(record, Optional.empty(), out.resolve("report.html"));
    MarkdownSummary.write(record, Optional.empty(), out.resolve("summary.md"));
    w.printf(Locale.ROOT, "Wrote run.json, report.html and summary.md to %s%n", out);
    w.flush();
    return FamilyProgress.report(spec.commandLine().getErr(), failures);
  }

  private void printVariants(PrintWriter w, List<Variant> family, List<Path> files) {
    ModelSizes base = ModelSizes.of(family.get(0).model());
    w.printf(Locale.ROOT, "Variants of %s in %s:%n", model, out);
    w.printf(
        Locale.ROOT, "  %-18s %10s %10s %8s  %s%n", "variant", "raw", "zip", "zip/base", "how");
    for (Variant variant : family) {
      ModelSizes sizes = ModelSizes.of(variant.model());
      w.printf(
          Locale.ROOT,
          "  %-18s %,10d %,10d %8.2f  %s%n",
          variant.name(),
          sizes.raw(),
          sizes.zip(),
          (double) sizes.zip() / base.zip(),
          variant.how());
    }
    w.printf(Locale.ROOT, "Wrote %d models to %s%n", files.size(), out);
  }

  private FamilyRun evaluate(List<Variant> variants, Dataset data, Evaluator evaluator) {
    List<TfliteModel> models = variants.stream().map(Variant::model).toList();
    ModelFamily family = ModelFamily.named(out.toString(), models, "baseline");
    return FamilyProgress.evaluateAll(FamilyRun.of(family, data, evaluator), quiet);
  }
}
