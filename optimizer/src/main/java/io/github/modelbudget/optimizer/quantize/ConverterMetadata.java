package io.github.modelbudget.optimizer.quantize;

import io.github.modelbudget.harness.format.ConversionMetadata;
import io.github.modelbudget.harness.format.ConversionMetadata.OptimizationMode;
import io.github.modelbudget.optimizer.rewrite.MinRuntimeVersion;
import io.github.modelbudget.optimizer.rewrite.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tensorflow.lite.schema.ModelT;

/** The metadata today's converter writes after a quantization: the runtime version and its mode. */
final class ConverterMetadata {

  private ConverterMetadata() {}

  /**
   * Raises {@code min_runtime_version} to what the model's operators need and adds a mode to {@code
   * CONVERSION_METADATA}, keeping the environment recorded there.
   *
   * @return the entries changed, in words
   * @throws io.github.modelbudget.harness.format.InvalidModelException if the existing {@code
   *     CONVERSION_METADATA} does not decode
   */
  static List<QuantizationReport.MetadataChange> update(
      String origin, ModelT schema, OptimizationMode mode) {
    List<QuantizationReport.MetadataChange> changes = new ArrayList<>();
    Optional<String> before = MinRuntimeVersion.read(schema);
    Optional<String> after = MinRuntimeVersion.update(schema);
    if (after.isPresent() && !after.equals(before)) {
      changes.add(
          new QuantizationReport.MetadataChange(
              MinRuntimeVersion.METADATA_NAME, before, after.get()));
    }
    Optional<ConversionMetadata> conversion =
        ModelMetadata.read(schema, ConversionMetadata.METADATA_NAME)
            .map(bytes -> ConversionMetadata.read(origin, bytes));
    ConversionMetadata updated =
        conversion
            .orElseGet(() -> new ConversionMetadata(Optional.empty(), Optional.empty()))
            .withMode(mode);
    ModelMetadata.write(schema, ConversionMetadata.METADATA_NAME, updated.toBytes());
    changes.add(
        new QuantizationReport.MetadataChange(
            ConversionMetadata.METADATA_NAME,
            conversion.map(ConverterMetadata::modes),
            modes(updated)));
    return changes;
  }

  private static String modes(ConversionMetadata metadata) {
    return metadata
        .options()
        .map(o -> o.modes().stream().map(Enum::name).collect(Collectors.joining(", ")))
        .filter(text -> !text.isEmpty())
        .orElse("no optimization modes");
  }
}
