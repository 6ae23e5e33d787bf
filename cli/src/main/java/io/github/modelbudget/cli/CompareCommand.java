package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget compare}: variants paired with their baseline on the same samples. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    header = "Compare variants with a baseline on the same samples.",
    description =
        "Evaluates the baseline and each variant on the dataset and prints the paired comparison: accuracy and its change, agreement with the baseline, the discordant pairs (b: only the baseline right, c: only the variant right) with the exact McNemar p-value, the largest output difference, and the ZIP size relative to the baseline.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget compare --baseline baseline.tflite --data test.npz \\",
      "      quantized.tflite pruned.tflite",
      "  modelbudget compare --baseline baseline.tflite --data test.npz --json *.tflite"
    })
final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin EvaluationOptions options;

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "MODEL",
      description = "The baseline .tflite file.")
  Path baseline;

  @Parameters(arity = "1..*", paramLabel = "VARIANT", description = "The variants' .tflite files.")
  List<Path> variants;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Mixin QuietOption quiet;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Evaluator evaluator = options.evaluator(spec.commandLine());
    Dataset data = options.dataset(spec.commandLine());
    TfliteModel base = TfliteModel.read(baseline);
    List<TfliteModel> all = new ArrayList<>();
    all.add(base);
    all.addAll(Inputs.models(variants));
    Map<String, EvaluationResult> results =
        Evaluations.run(evaluator, all, data, quiet.progressLine());
    EvaluationResult baseResult = results.get(base.name());
    ModelSizes baseSizes = ModelSizes.of(base);
    List<Comparison> comparisons = new ArrayList<>();
    for (TfliteModel variant : all.subList(1, all.size())) {
      comparisons.add(
          Comparison.of(
              baseResult, results.get(variant.name()), baseSizes, ModelSizes.of(variant)));
    }
    if (json) {
      out.println(Json.write(comparisons));
    } else {
      ComparisonTable.print(out, data, base, baseResult, comparisons);
    }
    out.flush();
    return ExitCode.OK;
  }
}
