package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.OperatorInfo;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorInfo;
import io.github.modelbudget.harness.format.ValidationIssue;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a model's inspection as text for a terminal. */
final class InspectionText {

  private InspectionText() {}

  static void print(
      PrintWriter out, String file, ModelInfo info, ModelSizes sizes, boolean allTensors) {
    out.printf(Locale.ROOT, "%s%n", file);
    out.printf(Locale.ROOT, "  sha256      %s%n", info.sha256());
    out.printf(
        Locale.ROOT,
        "  size        %,d bytes raw, %,d gzip, %,d zip (entry '%s')%n",
        sizes.raw(),
        sizes.gzip(),
        sizes.zip(),
        sizes.zipEntryName());
    out.printf(
        Locale.ROOT,
        "  schema      v%d, %d subgraph(s)%s%s%n",
        info.schemaVersion(),
        info.subgraphCount(),
        info.signatureKeys().isEmpty()
            ? ""
            : ", signatures: " + String.join(", ", info.signatureKeys()),
        info.metadataNames().isEmpty()
            ? ""
            : ", metadata: " + String.join(", ", info.metadataNames()));
    if (!info.description().isEmpty()) {
      out.printf(Locale.ROOT, "  description %s%n", info.description());
    }
    info.minRuntimeVersion()
        .ifPresent(v -> out.printf(Locale.ROOT, "  runtime     min_runtime_version %s%n", v));
    info.conversionMetadata()
        .ifPresent(c -> out.printf(Locale.ROOT, "  converted   %s%n", c.describe()));
    for (TensorInfo input : info.inputs()) {
      out.printf(Locale.ROOT, "  input       %s%n", tensor(input));
    }
    for (TensorInfo output : info.outputs()) {
      out.printf(Locale.ROOT, "  output      %s%n", tensor(output));
    }
    out.printf(
        Locale.ROOT,
        "  batch       %s%n",
        info.fixedBatch() ? "fixed" : "dynamic (-1 in an input's shape signature)");
    for (TensorInfo variable : info.variableTensors()) {
      out.printf(Locale.ROOT, "  variable    %s%n", tensor(variable));
    }
    out.printf(
        Locale.ROOT, "  operators   %d: %s%n", info.operators().size(), operatorSummary(info));
    for (OperatorInfo op : info.operators()) {
      out.printf(
          Locale.ROOT,
          "    %s%d %s v%d%s%s%n",
          info.subgraphCount() > 1 ? op.subgraph() + ":" : "#",
          op.index(),
          op.name(),
          op.version(),
          op.custom() ? " (custom)" : "",
          op.options().entrySet().stream()
              .map(e -> " " + e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining()));
    }
    out.printf(
        Locale.ROOT,
        "  parameters  %,d (%,d nonzero, sparsity %.1f%%)%n",
        info.parameterCount(),
        info.nonzeroParameterCount(),
        100 * info.sparsity());
    long dead =
        info.constants().stream()
            .filter(c -> !c.live())
            .mapToLong(ConstantTensorInfo::elementCount)
            .sum();
    if (dead > 0) {
      out.printf(
          Locale.ROOT,
          "              not counted: %,d elements of constants no operator reads%n",
          dead);
    }
    out.printf(
        Locale.ROOT,
        "  constants   %s%n",
        info.constantBytesByType().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %,d bytes", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ")));
    if (allTensors) {
      for (ConstantTensorInfo constant : info.constants()) {
        out.printf(
            Locale.ROOT,
            "    %-28s %-8s %-16s %,8d elements, sparsity %5.1f%%%s%s%s%n",
            constant.name(),
            constant.type(),
            constant.shape(),
            constant.elementCount(),
            100 * constant.sparsity(),
            constant.quantization().map(q -> ", " + quantization(q)).orElse(""),
            constant.sparseStorage().map(storage -> ", " + storage.describe()).orElse(""),
            constant.live() ? "" : ", dead (no operator reads it)");
      }
    } else {
      for (ConstantTensorInfo constant : info.constants()) {
        constant
            .sparseStorage()
            .ifPresent(
                storage ->
                    out.printf(
                        Locale.ROOT,
                        "  stored      %s %s: %s%n",
                        constant.name(),
                        constant.shape(),
                        storage.describe()));
      }
    }
    for (ValidationIssue warning : info.warnings()) {
      out.printf(Locale.ROOT, "  warning     %s%n", warning);
    }
    out.println();
  }

  private static String tensor(TensorInfo tensor) {
    return tensor.name()
        + " "
        + tensor.type()
        + " "
        + tensor.shapeSignature()
        + tensor.quantization().map(q -> " " + quantization(q)).orElse("")
        + (tensor.variable() ? " (variable)" : "");
  }

  private static String operatorSummary(ModelInfo info) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (OperatorInfo op : info.operators()) {
      counts.merge(op.name() + " v" + op.version(), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String quantization(QuantizationInfo q) {
    if (q.perChannel()) {
      return "per-channel (dim " + q.quantizedDimension() + ", " + q.scales().size() + " scales)";
    }
    return String.format(
        Locale.ROOT, "scale %.6g zero point %d", q.scales().get(0), q.zeroPoint(0));
  }
}
