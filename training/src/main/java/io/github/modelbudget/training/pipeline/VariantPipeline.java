package io.github.modelbudget.training.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.OperatorInfo;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.PolynomialDecay;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.QuantizedModel;
import io.github.modelbudget.training.export.TfliteExporter;
import io.github.modelbudget.training.model.SequentialModel;
import io.github.modelbudget.training.prune.PrunedModel;
import io.github.modelbudget.training.prune.PruningFineTuner;
import io.github.modelbudget.training.train.EpochMetrics;
import io.github.modelbudget.training.train.Trainer;
import io.github.modelbudget.training.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment's whole pipeline on the JVM: train a baseline, prune it while fine-tuning,
 * quantize both, and write {@code baseline.tflite}, {@code quantized.tflite}, {@code
 * pruned.tflite}, {@code pruned_quantized.tflite} and {@code manifest.json} into a folder.
 *
 * <p>Everything is made in memory and written into a staging folder first; only when every file is
 * there are they moved into the output folder, so a failure leaves no partial set behind.
 */
public final class VariantPipeline {

  /** The variants' names, in the order they are written. */
  public static final List<String> VARIANTS =
      List.of("baseline", "quantized", "pruned", "pruned_quantized");

  private static final Logger LOG = LoggerFactory.getLogger(VariantPipeline.class);
  private static final Set<String> WEIGHTED_OPERATORS =
      Set.of("CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED");

  private VariantPipeline() {}

  /**
   * Makes and writes the four variants.
   *
   * @param model the network
   * @param data the labelled training data (validation is split from it as the recipe says)
   * @param recipe how to train, prune and quantize
   * @param directory the output folder, created if absent; existing variant files are replaced
   * @param listener hears stages and epochs
   * @return the written variants and their manifest
   * @throws io.github.modelbudget.harness.ModelBudgetException if the data does not fit the model
   * @throws UncheckedIOException if the folder cannot be written
   */
  public static PipelineResult run(
      SequentialModel model,
      Dataset data,
      PipelineRecipe recipe,
      Path directory,
      PipelineListener listener) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(recipe, "recipe");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(listener, "listener");

    listener.stageStarted("train baseline");
    TrainingResult trained =
        new Trainer(recipe.training())
            .train(model, data, metrics -> listener.epochEnded("train baseline", metrics));
    TfliteModel baseline = TfliteExporter.export(trained.model(), "baseline");

    listener.stageStarted("prune");
    PolynomialDecay schedule =
        recipe
            .schedule()
            .orElseGet(() -> defaultSchedule(data.size(), recipe.fineTuning().epochs()));
    PrunedModel pruned =
        PruningFineTuner.fineTune(
            trained.model(),
            data,
            recipe.fineTuning(),
            schedule,
            metrics -> listener.epochEnded("prune", metrics));
    TfliteModel prunedModel = TfliteExporter.export(pruned.model(), "pruned");

    listener.stageStarted("quantize");
    DynamicRangeQuantizer quantizer = new DynamicRangeQuantizer(recipe.quantization());
    QuantizedModel quantized = quantizer.quantize(baseline);
    QuantizedModel prunedQuantized = quantizer.quantize(prunedModel);

    Map<String, TfliteModel> models = new LinkedHashMap<>();
    models.put("baseline", baseline);
    models.put("quantized", quantized.model());
    models.put("pruned", prunedModel);
    models.put("pruned_quantized", prunedQuantized.model());

    List<Manifest.Variant> variants = new ArrayList<>();
    variants.add(
        variant(
            "baseline", baseline, "", "trained from scratch", trained.steps(), trained.history()));
    variants.add(
        variant(
            "quantized",
            quantized.model(),
            "baseline",
            quantized.report().summary(),
            0,
            List.of()));
    variants.add(
        variant(
            "pruned",
            prunedModel,
            "baseline",
            "fine-tuned with magnitude pruning on "
                + schedule
                + ", "
                + pruned.updates().size()
                + " mask updates",
            stepsOf(pruned.history()),
            pruned.history()));
    variants.add(
        variant(
            "pruned_quantized",
            prunedQuantized.model(),
            "pruned",
            prunedQuantized.report().summary(),
            0,
            List.of()));
    Manifest manifest =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            model.name(),
            new Manifest.DatasetInfo(data.name(), data.size(), data.sha256()),
            recipe,
            schedule.endStep(),
            variants);

    listener.stageStarted("write");
    write(directory, models, manifest);
    LOG.info(
        "wrote {} variants and manifest.json to {}", models.size(), directory.toAbsolutePath());
    return new PipelineResult(directory, models, manifest);
  }

  /**
   * Returns the experiment's schedule for a dataset of {@code size} samples: {@code
   * PolynomialDecay(0.50 → 0.80)} ending at step {@code ceil(0.9·size / 128)·2}, power 3, and
   * tfmot's update frequency of 100 when that gives at least ten updates (as on the experiment's
   * data). On a small dataset 100 would update the masks once, at 50%, and never reach 80%, so the
   * frequency is then the largest that divides the end step and gives at least ten updates.
   *
   * @param size the number of training samples, validation included
   * @return the schedule
   */
  public static PolynomialDecay defaultSchedule(int size) {
    return defaultSchedule(size, 2);
  }

  /**
   * Returns the experiment's schedule for a fine-tuning of {@code epochs} epochs: as {@link
   * #defaultSchedule(int)}, ending at step {@code ceil(0.9·size / 128)·epochs}. The experiment
   * fine-tunes two epochs; a recipe that fine-tunes longer on small data keeps the experiment's
   * proportions (the end step is about a quarter of the fine-tuning's steps at batch 32).
   *
   * @param size the number of training samples, validation included
   * @param epochs the fine-tuning's epochs, at least 1
   * @return the schedule
   */
  public static PolynomialDecay defaultSchedule(int size, int epochs) {
    PolynomialDecay seed = PruningFineTuner.schedule(size, 0.1, 128, epochs);
    long end = seed.endStep();
    if (end / 100 >= 10) {
      return seed;
    }
    long frequency = 1;
    for (long f = Math.max(1, end / 10); f >= 1; f--) {
      if (end % f == 0) {
        frequency = f;
        break;
      }
    }
    return new PolynomialDecay(
        seed.initialSparsity(),
        seed.finalSparsity(),
        seed.beginStep(),
        end,
        seed.power(),
        frequency);
  }

  private static long stepsOf(List<EpochMetrics> history) {
    return history.isEmpty() ? 0 : history.get(history.size() - 1).steps();
  }

  private static Manifest.Variant variant(
      String name,
      TfliteModel model,
      String from,
      String how,
      long steps,
      List<EpochMetrics> history) {
    return new Manifest.Variant(
        name,
        name + ".tflite",
        model.sha256(),
        ModelSizes.of(model.bytes(), name + ".tflite"),
        from,
        how,
        steps,
        history,
        kernelSparsity(model.inspect()));
  }

  /** The sparsity of each weight tensor of a convolution or a fully-connected layer, by name. */
  static Map<String, Double> kernelSparsity(ModelInfo info) {
    Set<String> kernels = new HashSet<>();
    for (OperatorInfo op : info.operators()) {
      if (WEIGHTED_OPERATORS.contains(op.name()) && op.inputs().size() > 1) {
        kernels.add(op.subgraph() + "/" + op.inputs().get(1));
      }
    }
    Map<String, Double> sparsity = new LinkedHashMap<>();
    for (ConstantTensorInfo constant : info.constants()) {
      if (kernels.contains(constant.subgraph() + "/" + constant.index())) {
        sparsity.put(constant.name(), constant.sparsity());
      }
    }
    return sparsity;
  }

  private static void write(Path directory, Map<String, TfliteModel> models, Manifest manifest) {
    Path target = directory.toAbsolutePath();
    Path staging = null;
    try {
      Files.createDirectories(target);
      staging = Files.createTempDirectory(target, ".staging-");
      for (Map.Entry<String, TfliteModel> model : models.entrySet()) {
        model.getValue().save(staging.resolve(model.getKey() + ".tflite"));
      }
      ObjectMapper mapper =
          new ObjectMapper()
              .registerModule(new Jdk8Module())
              .enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(
          staging.resolve("manifest.json"),
          mapper.writeValueAsString(manifest) + "\n",
          StandardCharsets.UTF_8);
      for (String name : VARIANTS) {
        move(staging.resolve(name + ".tflite"), target.resolve(name + ".tflite"));
      }
      move(staging.resolve("manifest.json"), target.resolve("manifest.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the variants to " + target + ": " + e.getMessage(), e);
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the staging folder {}: {}", dir, e.getMessage());
    }
  }
}
