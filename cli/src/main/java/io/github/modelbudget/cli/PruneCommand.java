package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.prune.OneShotPruningReport;
import io.github.modelbudget.optimizer.prune.OneShotPruningResult;
import io.github.modelbudget.optimizer.prune.PruningScope;
import io.github.modelbudget.optimizer.prune.TensorSparsity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget prune}: one-shot magnitude pruning of a float .tflite file. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    header = "Prune a float .tflite model by weight magnitude in one shot, without retraining.",
    description =
        "Reads MODEL, sets the smallest weights of each CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED to exactly zero (tfmot's rule: keep the k = max(round(n × (1 − S)), 1) largest magnitudes; biases stay), and writes the result to --out atomically. With --global one magnitude threshold is drawn over all those weights together, so small layers lose more. Prints each pruned tensor (operator, zeros before and after, threshold) and each weight left alone, with the reason. A model whose weights are quantized already is refused (exit 3).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget prune baseline.tflite --sparsity 0.5 --out pruned.tflite",
      "  modelbudget prune baseline.tflite --sparsity 0.8 --global --keep-dense '^dense' \\",
      "      --out pruned_global.tflite"
    })
final class PruneCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The float .tflite file.")
  Path model;

  @Option(
      names = "--sparsity",
      required = true,
      paramLabel = "S",
      description = "The target fraction of zeros, in [0, 1), e.g. 0.5.")
  double sparsity;

  @Option(
      names = "--global",
      description = "One magnitude threshold over all prunable weights instead of one per tensor.")
  boolean global;

  @Mixin KeepDenseOption keepDense;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The .tflite file to write.")
  Path out;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--sparsity must be in [0, 1) but was " + sparsity);
    }
    OneShotPruningOptions options =
        new OneShotPruningOptions(
            sparsity,
            global ? PruningScope.GLOBAL : PruningScope.PER_TENSOR,
            keepDense.filter(spec.commandLine()));
    TfliteModel input = TfliteModel.read(model);
    OneShotPruningResult result = new OneShotPruner(options).prune(input);
    result.model().save(out);
    print(spec.commandLine().getOut(), input, result);
    return ExitCode.OK;
  }

  private void print(PrintWriter w, TfliteModel input, OneShotPruningResult result) {
    OneShotPruningReport report = result.report();
    w.printf(
        Locale.ROOT,
        "%s: one-shot magnitude pruning to %.4f, %s%n",
        model,
        sparsity,
        global ? "one threshold over all weights" : "per tensor");
    w.printf(Locale.ROOT, "Pruned %d:%n", report.tensors().size());
    for (TensorSparsity t : report.tensors()) {
      w.printf(
          Locale.ROOT,
          "  %-32s %-16s %-18s %,9d weights, zeros %,d → %,d (%.4f), |w| ≥ %.6g kept%n",
          t.name(),
          t.shape(),
          t.operator(),
          t.elements(),
          t.zerosBefore(),
          t.zerosAfter(),
          t.sparsityAfter(),
          t.threshold());
    }
    w.printf(Locale.ROOT, "Left alone %d:%n", report.skipped().size());
    report.skipped().forEach(reason -> w.println("  " + reason));
    if (!report.tensors().isEmpty()) {
      w.printf(
          Locale.ROOT, "Overall sparsity of the pruned weights: %.4f%n", report.overallSparsity());
    }
    ModelSizes before = ModelSizes.of(input);
    ModelSizes after = ModelSizes.of(result.model());
    w.printf(
        Locale.ROOT,
        "Wrote %s%s: %,d → %,d bytes raw, %,d → %,d zip%n",
        out,
        report.tensors().isEmpty() ? " (nothing to prune, the model is unchanged)" : "",
        before.raw(),
        after.raw(),
        before.zip(),
        after.zip());
    w.flush();
  }
}
