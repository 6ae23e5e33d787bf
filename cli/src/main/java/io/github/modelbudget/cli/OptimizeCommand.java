package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.model.Architectures;
import io.github.modelbudget.optimizer.pipeline.PipelineRecipe;
import io.github.modelbudget.optimizer.pipeline.PipelineResult;
import io.github.modelbudget.optimizer.pipeline.VariantPipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code modelbudget optimize}: train, prune, quantize and export the four variants. */
@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    header = "Train a network, prune and quantize it, and write the four .tflite variants.",
    description =
        "Runs the optimizer's pipeline with TensorFlow Java: trains the recipe's network on --data, prunes it while fine-tuning (polynomial decay 0.50 to 0.80), quantizes both to int8 weights, and writes baseline, quantized, pruned and pruned_quantized .tflite files and manifest.json into --out. Prints each epoch's metrics.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget optimize --recipe seed --data train.npz --out models/",
      "  modelbudget optimize --recipe seed --data drawings/ --out models/ \\",
      "      --seed 7 --epochs 2"
    })
final class OptimizeCommand implements Callable<Integer> {

  /** The networks the optimizer knows how to build. */
  enum Recipe {
    /** The seed experiment's binary CNN for 28×28 images. */
    SEED
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--recipe",
      defaultValue = "SEED",
      description =
          "The network and schedule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Recipe recipe;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE_OR_DIR",
      description = "The labelled training data (.npz, IDX, Quick, Draw! file or folder).")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder.")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--epochs",
      description = "Epochs of baseline training (default: the recipe's, 1).")
  Integer epochs;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if (epochs != null && epochs < 1) {
      throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
    }
    Dataset dataset = Inputs.dataset(data, LoadOptions.defaults());
    if (!dataset.sampleShape().equals(List.of(28, 28))) {
      throw new ParameterException(
          spec.commandLine(),
          "--recipe "
              + recipe.name().toLowerCase(Locale.ROOT)
              + " trains on 28x28 images, but "
              + data
              + " has samples of shape "
              + dataset.sampleShape());
    }
    PipelineRecipe plan = PipelineRecipe.seed(seed);
    if (epochs != null) {
      plan = plan.withTraining(plan.training().withEpochs(epochs));
    }
    w.printf(
        Locale.ROOT,
        "Training the %s recipe's CNN on %,d samples of %s (seed %d)%n",
        recipe.name().toLowerCase(Locale.ROOT),
        dataset.size(),
        dataset.name(),
        seed);
    w.flush();
    PipelineResult result =
        VariantPipeline.run(
            Architectures.seedCnn("baseline"), dataset, plan, out, new EpochPrinter(w));
    w.println("Wrote:");
    for (String name : result.models().keySet()) {
      // Sizes of the files as written: the ZIP size depends on the entry's (file) name.
      ModelSizes sizes = ModelSizes.of(TfliteModel.read(result.file(name)));
      w.printf(
          Locale.ROOT,
          "  %-40s %,8d bytes raw, %,8d zip%n",
          result.file(name),
          sizes.raw(),
          sizes.zip());
    }
    w.flush();
    return ExitCode.OK;
  }
}
