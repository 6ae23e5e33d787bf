package io.github.modelbudget.cli.training;

import io.github.modelbudget.cli.DataOptions;
import io.github.modelbudget.cli.ExitCode;
import io.github.modelbudget.cli.VerboseOption;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.pipeline.PipelineListener;
import io.github.modelbudget.training.pipeline.PipelineRecipe;
import io.github.modelbudget.training.pipeline.PipelineResult;
import io.github.modelbudget.training.pipeline.VariantPipeline;
import io.github.modelbudget.training.train.EpochMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
      description =
          "Epochs of baseline training; the pruned model fine-tunes twice as many (default: the"
              + " experiment's 1 and 2, scaled so the baseline sees at least 10,000 samples).")
  Integer epochs;

  @Mixin DataOptions dataOptions;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    if (epochs != null && epochs < 1) {
      throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
    }
    Dataset dataset = dataOptions.load(spec.commandLine(), data, Optional.empty());
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
    // Scaled to the data as the demo does: on a few hundred samples one epoch is a handful of
    // steps, and the experiment's one epoch would leave the CNN near chance.
    PipelineRecipe plan = PipelineRecipe.seed(seed, dataset.size());
    if (epochs != null) {
      plan =
          plan.withTraining(plan.training().withEpochs(epochs))
              .withFineTuning(plan.fineTuning().withEpochs(2 * epochs));
    }
    w.printf(
        Locale.ROOT,
        "Training the %s recipe's CNN on %,d samples of %s (seed %d): the baseline %d epoch(s),"
            + " the pruned model %d%s%n",
        recipe.name().toLowerCase(Locale.ROOT),
        dataset.size(),
        dataset.name(),
        seed,
        plan.training().epochs(),
        plan.fineTuning().epochs(),
        epochs != null
            ? " (--epochs)"
            : String.format(
                Locale.ROOT,
                " (the experiment's 1 and 2, scaled so the baseline sees at least %,d samples)",
                PipelineRecipe.MIN_SAMPLES_SEEN));
    w.flush();
    LastEpochs last =
        new LastEpochs(new EpochPrinter(w, Math.max(1, plan.training().epochs() / 5)));
    PipelineResult result =
        VariantPipeline.run(Architectures.seedCnn("baseline"), dataset, plan, out, last);
    last.describe(w, "train baseline", "baseline", dataset);
    last.describe(w, "prune", "pruned model", dataset);
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

  /** Passes epochs on to the printer and keeps each stage's last one, to say what was trained. */
  private static final class LastEpochs implements PipelineListener {
    private final PipelineListener printer;
    private final Map<String, EpochMetrics> last = new HashMap<>();

    LastEpochs(PipelineListener printer) {
      this.printer = printer;
    }

    @Override
    public void stageStarted(String stage) {
      printer.stageStarted(stage);
    }

    @Override
    public void epochEnded(String stage, EpochMetrics metrics) {
      printer.epochEnded(stage, metrics);
      last.put(stage, metrics);
    }

    /** The largest class's share of the samples: the accuracy of always guessing it. */
    private static double majorityShare(Dataset data) {
      int[] counts = new int[data.classCount()];
      for (int label : data.labels()) {
        counts[label]++;
      }
      return (double) Arrays.stream(counts).max().orElse(0) / Math.max(1, data.size());
    }

    /** Says what a stage trained, and warns when its training accuracy is near chance. */
    void describe(PrintWriter w, String stage, String what, Dataset data) {
      EpochMetrics m = last.get(stage);
      if (m == null) {
        return;
      }
      w.printf(
          Locale.ROOT,
          "Trained the %s %d epoch(s), %,d steps: training accuracy %.4f, loss %.4f%n",
          what,
          m.epoch(),
          m.steps(),
          m.accuracy(),
          m.loss());
      double chance = majorityShare(data);
      // Near chance: less than a quarter of the way from always guessing the largest class to
      // always being right.
      if (m.accuracy() < chance + (1 - chance) / 4) {
        w.printf(
            Locale.ROOT,
            "warning: the %s's training accuracy %.4f is near chance (%.4f, the largest class's"
                + " share): give it more data or epochs (--epochs)%n",
            what,
            m.accuracy(),
            chance);
      }
      w.flush();
    }
  }
}
