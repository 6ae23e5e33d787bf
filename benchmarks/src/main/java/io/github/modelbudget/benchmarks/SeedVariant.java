package io.github.modelbudget.benchmarks;

import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.prune.OneShotPruner;
import io.github.modelbudget.optimizer.prune.OneShotPruningOptions;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.Float16Quantizer;
import io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer;
import java.util.Locale;

/**
 * Variants of the {@link SeedCnn}: the seed experiment's four (float, dynamic-range quantized,
 * pruned to 80% sparsity per weight tensor, pruned then quantized) and the other two quantizations
 * of the optimizer (float16 weights, and full integer calibrated on seeded images). Pruning is
 * one-shot here (no fine-tuning); latency depends on the shapes and types, not on how the zeros
 * came about. The names are those {@code modelbudget variants} gives the files.
 */
public enum SeedVariant {
  /** The float32 network. */
  BASELINE,
  /** Int8 weights, float activations (hybrid kernels). */
  QUANTIZED,
  /** 80% of each weight tensor's entries set to zero. */
  PRUNED,
  /** Pruned, then quantized. */
  PRUNED_QUANTIZED,
  /** Float16 weights and biases, read through {@code DEQUANTIZE} ops; float activations. */
  FLOAT16,
  /**
   * Full integer: int8 weights and activations, int32 biases, float input and output; calibrated on
   * {@value #CALIBRATION_IMAGES} seeded images other than the ones the benchmark runs.
   */
  INT8;

  /** The sparsity of the pruned variants, as the experiment's final sparsity. */
  public static final double SPARSITY = 0.80;

  /** The number of images the int8 variant is calibrated on. */
  public static final int CALIBRATION_IMAGES = 64;

  /** The seed of the calibration images (the benchmark's inputs use another). */
  public static final long CALIBRATION_SEED = 1234L;

  /**
   * Returns the variant's name in a run record: {@code baseline}, {@code pruned_quantized}, …
   *
   * @return the name
   */
  public String variantName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Builds the variant from the seed CNN with weights from {@code seed}.
   *
   * @param seed the weights' seed
   * @return the model, named by {@link #variantName()}
   */
  public TfliteModel build(long seed) {
    TfliteModel baseline = SeedCnn.model(seed);
    TfliteModel model =
        switch (this) {
          case BASELINE -> baseline;
          case QUANTIZED -> quantize(baseline);
          case PRUNED -> prune(baseline);
          case PRUNED_QUANTIZED -> quantize(prune(baseline));
          case FLOAT16 -> Float16Quantizer.withDefaults().quantize(baseline).model();
          case INT8 ->
              FullIntegerQuantizer.withDefaults()
                  .quantize(baseline, SeedCnn.images(CALIBRATION_IMAGES, CALIBRATION_SEED))
                  .model();
        };
    return TfliteModel.fromBytes(variantName(), model.bytes());
  }

  private static TfliteModel prune(TfliteModel model) {
    return new OneShotPruner(OneShotPruningOptions.perTensor(SPARSITY)).prune(model).model();
  }

  private static TfliteModel quantize(TfliteModel model) {
    return DynamicRangeQuantizer.withDefaults().quantize(model).model();
  }
}
