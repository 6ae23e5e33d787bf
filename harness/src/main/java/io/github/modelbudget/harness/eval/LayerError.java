package io.github.modelbudget.harness.eval;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The error of one intermediate tensor of a variant against the same tensor of its float baseline,
 * averaged over the evaluation samples. The error is {@code e = baseline − dequantized variant},
 * element by element, as TFLite's Quantization Debugger computes it.
 *
 * @param tensor the variant's tensor name
 * @param baselineTensor the baseline's tensor name
 * @param operator the operator that writes the tensor, e.g. {@code "FULLY_CONNECTED"}
 * @param operatorIndex the operator's position in the baseline's graph
 * @param match how the two tensors were paired
 * @param elements the tensor's element count per sample
 * @param meanError the mean of {@code e}, averaged over samples
 * @param maxAbsError the largest {@code |e|} of a sample, averaged over samples
 * @param meanSquaredError the mean of {@code e²}, averaged over samples
 * @param rmse the square root of {@link #meanSquaredError}
 * @param scale the variant tensor's quantization scale, 0 if it is float (or quantized per channel)
 * @param snrDb the signal-to-noise ratio in decibels: the baseline tensor's mean square over the
 *     mean squared error, both averaged over samples; infinite without error
 * @param cosineSimilarity the cosine of the angle between the two tensors, averaged over samples
 */
public record LayerError(
    String tensor,
    String baselineTensor,
    String operator,
    int operatorIndex,
    TensorMatch match,
    int elements,
    double meanError,
    double maxAbsError,
    double meanSquaredError,
    double rmse,
    double scale,
    double snrDb,
    double cosineSimilarity) {

  /**
   * The RMSE/scale above which a quantized tensor is flagged. Ideal rounding gives {@code 1/√12 ≈
   * 0.289}; TFLite's Quantization Debugger suggests looking at tensors above 0.7.
   */
  public static final double FLAG_THRESHOLD = 0.7;

  /** Validates. */
  public LayerError {
    Objects.requireNonNull(tensor, "tensor");
    Objects.requireNonNull(baselineTensor, "baselineTensor");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(match, "match");
    if (elements < 1 || scale < 0) {
      throw new IllegalArgumentException(
          "elements must be at least 1 and scale at least 0 but were " + elements + ", " + scale);
    }
  }

  /**
   * Returns the RMSE in units of the variant tensor's quantization step.
   *
   * @return {@code rmse / scale}, or empty for a float tensor
   */
  public OptionalDouble rmseOverScale() {
    return scale > 0 ? OptionalDouble.of(rmse / scale) : OptionalDouble.empty();
  }

  /**
   * Tells whether the tensor's error is well beyond what rounding to its scale explains.
   *
   * @return {@code true} if {@link #rmseOverScale()} exceeds {@link #FLAG_THRESHOLD}
   */
  public boolean flagged() {
    return rmseOverScale().orElse(0) > FLAG_THRESHOLD;
  }
}
