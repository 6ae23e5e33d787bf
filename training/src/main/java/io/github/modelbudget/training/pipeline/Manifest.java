package io.github.modelbudget.training.pipeline;

import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.training.train.EpochMetrics;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How each variant in a pipeline's output folder was made, written beside them as {@code
 * manifest.json}.
 *
 * @param schemaVersion the manifest format's version
 * @param model the network's name
 * @param dataset the training data: name, sample count, digest
 * @param recipe the recipe, as given
 * @param scheduleEndStep the pruning schedule's last step, as used
 * @param variants the variants, baseline first
 */
public record Manifest(
    int schemaVersion,
    String model,
    DatasetInfo dataset,
    PipelineRecipe recipe,
    long scheduleEndStep,
    List<Variant> variants) {

  /** The manifest format this library writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Validates and copies. */
  public Manifest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(recipe, "recipe");
    variants = List.copyOf(variants);
  }

  /**
   * The training data.
   *
   * @param name the dataset's name
   * @param samples the number of samples
   * @param sha256 the dataset's digest
   */
  public record DatasetInfo(String name, int samples, String sha256) {}

  /**
   * One variant.
   *
   * @param name the variant's name, also its file name without {@code .tflite}
   * @param file the file name
   * @param sha256 the file's digest
   * @param sizes raw, gzip and ZIP sizes
   * @param madeFrom the variant it was made from, empty for the baseline
   * @param how what was done, in words
   * @param trainingSteps the optimizer steps of its training or fine-tuning, 0 if none
   * @param history the epochs of its training or fine-tuning, empty if none
   * @param kernelSparsity the fraction of zeros in each kernel
   */
  public record Variant(
      String name,
      String file,
      String sha256,
      ModelSizes sizes,
      String madeFrom,
      String how,
      long trainingSteps,
      List<EpochMetrics> history,
      Map<String, Double> kernelSparsity) {

    /** Copies. */
    public Variant {
      history = List.copyOf(history);
      kernelSparsity = Map.copyOf(kernelSparsity);
    }
  }
}
