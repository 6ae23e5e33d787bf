package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.ConstantTensorInfo;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.OperatorInfo;
import io.github.modelbudget.harness.format.QuantizationInfo;
import io.github.modelbudget.harness.format.TensorInfo;
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
    for (TensorInfo input : info.inputs()) {
      out.printf(Locale.ROOT, "  input       %s%n", tensor(input));
    }
    for (TensorInfo output : info.outputs()) {
      out.printf(Locale.ROOT, "  output      %s%n", tensor(output));
    }
    out.printf(
        Locale.ROOT, "  operators   %d: %s%n", info.operators().size(), operatorSummary(info));
    out.printf(
        Locale.ROOT,
        "  parameters  %,d (%,d nonzero, sparsity %.1f%%)%n",
        info.parameterCount(),
        info.nonzeroParameterCount(),
        100 * info.sparsity());
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
            "    %-28s %-8s %-16s %,8d elements, sparsity %5.1f%%%s%n",
            constant.name(),
            constant.type(),
            constant.shape(),
            constant.elementCount(),
            100 * constant.sparsity(),
            constant.quantization().map(q -> ", " + quantization(q)).orElse(""));
      }
    }
    out.println();
  }

  private static String tensor(TensorInfo tensor) {
    return tensor.name()
        + " "
        + tensor.type()
        + " "
        + tensor.shapeSignature()
        + tensor.quantization().map(q -> " " + quantization(q)).orElse("");
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
