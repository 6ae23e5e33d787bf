package io.github.modelbudget.junit;

import io.github.modelbudget.harness.eval.Comparison;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;

/**
 * One variant of a model, as a test sees it: the model, what it contains, how large it is, how it
 * does on the {@link EvaluationData} and how it compares with the baseline.
 *
 * <p>Evaluations are computed on first use and shared by every test in the JVM that uses the same
 * model, data and settings. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface ModelUnderTest {

  /**
   * Returns the variant's name: its file name without {@code .tflite}.
   *
   * @return the name, e.g. {@code "pruned_quantized"}
   */
  String name();

  /**
   * Tells whether this variant is the baseline the others are compared with.
   *
   * @return {@code true} for the baseline
   */
  boolean isBaseline();

  /**
   * Returns the model.
   *
   * @return the verified model, never {@code null}
   */
  TfliteModel model();

  /**
   * Returns the model's inspection.
   *
   * @return operators, tensors, parameters and sparsity
   */
  ModelInfo info();

  /**
   * Returns the model's raw, gzip and ZIP sizes.
   *
   * @return the sizes
   */
  ModelSizes sizes();

  /**
   * Returns the baseline's sizes, for size comparisons.
   *
   * @return the baseline's raw, gzip and ZIP sizes
   */
  ModelSizes baselineSizes();

  /**
   * Returns the variant's evaluation on the class's {@link EvaluationData}.
   *
   * @return accuracy with its interval, per-class metrics, predictions and outputs
   * @throws org.junit.jupiter.api.extension.ExtensionConfigurationException if the class declares
   *     no {@code @EvaluationData}, or the data cannot be loaded or does not fit the model
   */
  EvaluationResult evaluation();

  /**
   * Returns the paired comparison of this variant with the baseline on the same data (for the
   * baseline itself, a comparison with itself).
   *
   * @return accuracy delta, agreement, discordant pairs, McNemar's p and size ratios
   */
  Comparison comparison();
}
