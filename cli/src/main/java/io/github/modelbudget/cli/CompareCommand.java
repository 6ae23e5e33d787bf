package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.ModelFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        "Evaluates the baseline and each variant on the dataset and prints the paired comparison: accuracy and its change, agreement with the baseline, the discordant pairs (b: only the baseline right, c: only the variant right) with the exact McNemar p-value, the largest output difference, and the ZIP size relative to the baseline. Two files of the same name are told apart by their folders (a/model, b/model). A model that cannot be evaluated is reported and the others are still compared; the exit code is then 3.",
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

  @Mixin TopKOption topK;

  @Mixin QuietOption quiet;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    topK.stated();
    Evaluator evaluator = options.evaluator(spec.commandLine());
    TfliteModel base = TfliteModel.read(baseline);
    Dataset data = options.dataset(spec.commandLine(), base);
    ModelFamily family = ModelFamily.of("the command line", base, Inputs.models(variants));
    FamilyRun run = FamilyProgress.evaluateAll(FamilyRun.of(family, data, evaluator), quiet);
    List<ModelFailure> failures = run.failures();
    boolean baselineFailed =
        failures.stream().anyMatch(f -> f.name().equals(family.baseline().name()));
    List<Comparison> comparisons = new ArrayList<>();
    if (!baselineFailed) {
      for (FamilyMember variant : family.variants()) {
        if (failures.stream().noneMatch(f -> f.name().equals(variant.name()))) {
          comparisons.add(run.comparison(variant));
        }
      }
    }
    if (json) {
      out.println(Json.write(comparisons));
    } else if (!baselineFailed) {
      EvaluationResult baseResult = run.evaluation(family.baseline());
      ComparisonTable.print(
          out,
          data,
          family.baseline(),
          baseResult,
          comparisons,
          topK.shown(baseResult.classNames().size()));
    }
    int code = FamilyProgress.report(spec.commandLine().getErr(), failures);
    out.flush();
    return code;
  }
}
