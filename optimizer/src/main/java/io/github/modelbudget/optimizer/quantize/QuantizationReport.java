package io.github.modelbudget.optimizer.quantize;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link DynamicRangeQuantizer} did to a model: every constant tensor appears once, either as
 * quantized or as skipped with a reason.
 *
 * @param model the name of the model that was quantized
 * @param options the options used
 * @param quantized the tensors turned into int8, in model order
 * @param skipped the constant tensors left alone, in model order
 * @param metadata the metadata entries written, as the scheme's converter writes them
 */
public record QuantizationReport(
    String model,
    QuantizationOptions options,
    List<QuantizedTensor> quantized,
    List<SkippedTensor> skipped,
    List<MetadataChange> metadata) {

  /** Validates and copies. */
  public QuantizationReport {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    quantized = List.copyOf(quantized);
    skipped = List.copyOf(skipped);
    metadata = List.copyOf(metadata);
  }

  /**
   * A metadata entry the quantizer wrote, such as {@code min_runtime_version}.
   *
   * @param name the entry's name
   * @param before its value before, in words, or empty if the model had no such entry
   * @param after its value now, in words
   */
  public record MetadataChange(String name, Optional<String> before, String after) {

    /** Validates. */
    public MetadataChange {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }

    @Override
    public String toString() {
      return name + ": " + before.orElse("(absent)") + " → " + after;
    }
  }

  /**
   * Tells whether the model was changed at all.
   *
   * @return {@code true} if at least one tensor was quantized
   */
  public boolean changed() {
    return !quantized.isEmpty();
  }

  /**
   * Returns the skipped tensors with one reason.
   *
   * @param reason the reason
   * @return the tensors, in model order
   */
  public List<SkippedTensor> skipped(SkipReason reason) {
    return skipped.stream().filter(s -> s.reason() == reason).toList();
  }

  /**
   * Returns the total size of the quantized tensors' data before quantization.
   *
   * @return bytes
   */
  public long bytesBefore() {
    return quantized.stream().mapToLong(QuantizedTensor::bytesBefore).sum();
  }

  /**
   * Returns the total size of the quantized tensors' data after quantization.
   *
   * @return bytes
   */
  public long bytesAfter() {
    return quantized.stream().mapToLong(QuantizedTensor::bytesAfter).sum();
  }

  /**
   * Returns the per-channel {@code FULLY_CONNECTED} weights with an all-zero unit. TF 2.21's rule
   * gives such a unit scale 0, which TFLite 2.21's reference kernels run but its XNNPACK delegate
   * rejects when the interpreter is prepared; such models run with XNNPACK off, or quantized with
   * an older converter's scheme ({@link QuantizationScheme#TF_2_8}), which quantizes {@code
   * FULLY_CONNECTED} per tensor.
   *
   * @return the tensors' names, in model order
   */
  public List<String> rejectedByXnnpack() {
    return quantized.stream()
        .filter(
            t -> t.operator().equals("FULLY_CONNECTED") && t.perChannel() && t.zeroChannels() > 0)
        .map(QuantizedTensor::name)
        .toList();
  }

  /**
   * Summarizes the report in a sentence or two, e.g. for a log or the CLI.
   *
   * @return the summary, never {@code null}
   */
  public String summary() {
    StringBuilder text = new StringBuilder(model).append(": ");
    if (quantized.isEmpty()) {
      text.append("nothing to quantize, the model is unchanged");
    } else {
      text.append("quantized ")
          .append(quantized.size())
          .append(quantized.size() == 1 ? " tensor" : " tensors")
          .append(" to int8 (TF ")
          .append(options.scheme().converterVersion())
          .append(" converter's scheme), ")
          .append(bytesBefore())
          .append(" → ")
          .append(bytesAfter())
          .append(" bytes of weights");
    }
    if (!skipped.isEmpty()) {
      text.append("; skipped ")
          .append(
              skipped.stream()
                  .collect(Collectors.groupingBy(SkippedTensor::reason, Collectors.counting()))
                  .entrySet()
                  .stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getValue() + " " + e.getKey().description())
                  .collect(Collectors.joining(", ")));
      if (!skipped(SkipReason.TOO_SMALL).isEmpty()) {
        text.append(" (threshold ").append(options.minElements()).append(" elements)");
      }
    }
    List<String> rejected = rejectedByXnnpack();
    if (!rejected.isEmpty()) {
      text.append("; warning: ")
          .append(String.join(", ", rejected))
          .append(
              " has an all-zero unit (scale 0), which TFLite 2.21's XNNPACK delegate rejects;"
                  + " run without XNNPACK or use the TF_2_8 scheme");
    }
    return text.toString();
  }
}
