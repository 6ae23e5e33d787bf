package io.github.modelbudget.optimizer.quantize;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FullIntegerQuantizer} did.
 *
 * @param model the name of the model that was quantized
 * @param io the type of the inputs and outputs
 * @param samples the number of calibration samples
 * @param activations the int8 parameters of every activation, in model order
 * @param weights the weights quantized to int8, in model order
 * @param floatOperators the operators left float, each with the reason, e.g. {@code MUL → 'y': no
 *     int8 kernel in this quantizer}
 * @param metadata the metadata entries written
 */
public record FullIntegerReport(
    String model,
    IoType io,
    int samples,
    List<ActivationQuantization> activations,
    List<QuantizedTensor> weights,
    List<String> floatOperators,
    List<QuantizationReport.MetadataChange> metadata) {

  /** Validates and copies. */
  public FullIntegerReport {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(io, "io");
    activations = List.copyOf(activations);
    weights = List.copyOf(weights);
    floatOperators = List.copyOf(floatOperators);
    metadata = List.copyOf(metadata);
  }

  /**
   * Returns the parameters of one activation.
   *
   * @param name the tensor's name
   * @return the parameters, if the tensor is an int8 activation
   */
  public java.util.Optional<ActivationQuantization> activation(String name) {
    return activations.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /**
   * Summarizes the report in a sentence, e.g. for a log or the CLI.
   *
   * @return the summary, never {@code null}
   */
  public String summary() {
    String text =
        model
            + ": full-integer int8 quantization calibrated on "
            + samples
            + (samples == 1 ? " sample" : " samples")
            + ", "
            + weights.size()
            + " weight tensors and "
            + activations.size()
            + " activations int8, "
            + io
            + " inputs and outputs";
    return floatOperators.isEmpty()
        ? text
        : text + "; left float: " + String.join(", ", floatOperators);
  }
}
