package io.github.modelbudget.cli;

import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationReport;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import io.github.modelbudget.optimizer.quantize.QuantizedModel;
import io.github.modelbudget.optimizer.quantize.QuantizedTensor;
import io.github.modelbudget.optimizer.quantize.SkipReason;
import io.github.modelbudget.optimizer.quantize.SkippedTensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget quantize}: quantize a float .tflite file as TFLite's converter does. */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    header = "Quantize a float .tflite model as TFLite's converter does.",
    description =
        "Reads MODEL, quantizes its weights with --mode, and writes the result to --out atomically. Prints each weight tensor that was quantized (operator, per channel or per tensor, scales, all-zero channels) and each constant that was skipped, with the reason, and the metadata written. --scheme chooses the converter generation whose files to reproduce: operator versions, options, stored min/max and metadata. A model with nothing to quantize is written unchanged.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget quantize baseline.tflite --mode dynamic --out quantized.tflite",
      "  modelbudget quantize baseline.tflite --mode dynamic --scheme tf_2_8 \\",
      "      --min-elements 100 --out quantized_tf28.tflite"
    })
final class QuantizeCommand implements Callable<Integer> {

  /** How to quantize; later modes (float16, int8) join this list. */
  enum Mode {
    /** Dynamic-range: int8 weights of hybrid operators, float activations. */
    DYNAMIC
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The float .tflite file.")
  Path model;

  @Option(
      names = "--mode",
      required = true,
      paramLabel = "MODE",
      description = "How to quantize: ${COMPLETION-CANDIDATES}.")
  Mode mode;

  @Option(
      names = "--scheme",
      defaultValue = "TF_2_21",
      paramLabel = "NAME",
      description =
          "The converter generation to reproduce: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}, today's).")
  QuantizationScheme scheme;

  @Option(
      names = "--min-elements",
      defaultValue = "" + QuantizationOptions.DEFAULT_MIN_ELEMENTS,
      paramLabel = "N",
      description =
          "Weights with fewer elements stay float, as the converter's weights_min_num_elements"
              + " (default: ${DEFAULT-VALUE}).")
  int minElements;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The .tflite file to write.")
  Path out;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (minElements < 1) {
      throw new ParameterException(
          spec.commandLine(), "--min-elements must be at least 1 but was " + minElements);
    }
    TfliteModel input = TfliteModel.read(model);
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(new QuantizationOptions(scheme, minElements));
    QuantizedModel result = quantizer.quantize(input);
    result.model().save(out);
    print(spec.commandLine().getOut(), input, result);
    return ExitCode.OK;
  }

  private void print(PrintWriter w, TfliteModel input, QuantizedModel result) {
    QuantizationReport report = result.report();
    w.printf(
        Locale.ROOT,
        "%s: %s quantization, scheme %s (TF %s converter), threshold %,d elements%n",
        model,
        mode.name().toLowerCase(Locale.ROOT),
        scheme,
        scheme.converterVersion(),
        minElements);
    w.printf(Locale.ROOT, "Quantized %d:%n", report.quantized().size());
    for (QuantizedTensor t : report.quantized()) {
      w.printf(
          Locale.ROOT,
          "  %-32s %-16s %-18s %s, %d %s%s%s%n",
          t.name(),
          t.shape(),
          t.operator(),
          t.perChannel() ? "per channel (dim " + t.quantizedDimension() + ")" : "per tensor",
          t.scaleCount(),
          t.scaleCount() == 1 ? "scale" : "scales",
          t.zeroChannels() > 0 ? ", " + t.zeroChannels() + " all-zero (scale 0)" : "",
          t.dequantized() ? ", also read through DEQUANTIZE" : "");
    }
    w.printf(Locale.ROOT, "Skipped %d:%n", report.skipped().size());
    for (SkippedTensor t : report.skipped()) {
      w.printf(
          Locale.ROOT,
          "  %-32s %-16s %-8s %s%s%n",
          t.name(),
          t.shape(),
          t.type(),
          t.reason().description(),
          t.reason() == SkipReason.TOO_SMALL ? " (" + t.elements() + " elements)" : "");
    }
    for (QuantizationReport.MetadataChange change : report.metadata()) {
      w.println("Metadata " + change);
    }
    for (String name : report.rejectedByXnnpack()) {
      w.println(
          "Warning: "
              + name
              + " has an all-zero unit (scale 0), which TFLite 2.21's XNNPACK delegate rejects;"
              + " run without XNNPACK or use --scheme tf_2_8");
    }
    ModelSizes before = ModelSizes.of(input);
    ModelSizes after = ModelSizes.of(result.model());
    w.printf(
        Locale.ROOT,
        "Wrote %s%s: %,d → %,d bytes raw, %,d → %,d zip%n",
        out,
        report.changed() ? "" : " (nothing to quantize, the model is unchanged)",
        before.raw(),
        after.raw(),
        before.zip(),
        after.zip());
    w.flush();
  }
}
