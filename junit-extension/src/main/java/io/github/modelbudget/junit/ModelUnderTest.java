package io.github.modelbudget.junit;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;

/**
 * One variant of a model, as a test sees it: the model, what it contains, and how large it is.
 *
 * <p>Instances are created by the extension and shared by every test that uses the same variant, so
 * they are immutable and thread-safe.
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
}
