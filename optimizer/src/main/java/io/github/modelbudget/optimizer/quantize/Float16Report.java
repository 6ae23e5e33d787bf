package io.github.modelbudget.optimizer.quantize;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What {@link Float16Quantizer} did: every constant read by an operator appears once, converted or
 * skipped with a reason.
 *
 * @param model the name of the model that was quantized
 * @param converted the constants now stored as {@code FLOAT16}, in model order
 * @param skipped the constants left alone, in model order
 * @param metadata the metadata entries written
 */
public record Float16Report(
    String model,
    List<HalfTensor> converted,
    List<SkippedTensor> skipped,
    List<QuantizationReport.MetadataChange> metadata) {

  /** Validates and copies. */
  public Float16Report {
    Objects.requireNonNull(model, "model");
    converted = List.copyOf(converted);
    skipped = List.copyOf(skipped);
    metadata = List.copyOf(metadata);
  }

  /**
   * Tells whether the model was changed at all.
   *
   * @return {@code true} if at least one constant was converted
   */
  public boolean changed() {
    return !converted.isEmpty();
  }

  /**
   * Returns the skipped constants with one reason.
   *
   * @param reason the reason
   * @return the tensors, in model order
   */
  public List<SkippedTensor> skipped(SkipReason reason) {
    return skipped.stream().filter(s -> s.reason() == reason).toList();
  }

  /**
   * Returns the size of the converted constants' data before.
   *
   * @return bytes
   */
  public long bytesBefore() {
    return converted.stream().mapToLong(HalfTensor::bytesBefore).sum();
  }

  /**
   * Returns the size of the converted constants' data after.
   *
   * @return bytes
   */
  public long bytesAfter() {
    return converted.stream().mapToLong(HalfTensor::bytesAfter).sum();
  }

  /**
   * Summarizes the report in a sentence, e.g. for a log or the CLI.
   *
   * @return the summary, never {@code null}
   */
  public String summary() {
    StringBuilder text = new StringBuilder(model).append(": ");
    if (converted.isEmpty()) {
      text.append("no float constants to convert, the model is unchanged");
    } else {
      text.append("stored ")
          .append(converted.size())
          .append(converted.size() == 1 ? " constant" : " constants")
          .append(" as float16, ")
          .append(bytesBefore())
          .append(" → ")
          .append(bytesAfter())
          .append(" bytes");
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
    }
    return text.toString();
  }
}
