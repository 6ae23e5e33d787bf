package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.optimizer.quantize.ActivationQuantization;
import io.github.modelbudget.optimizer.quantize.DynamicRangeQuantizer;
import io.github.modelbudget.optimizer.quantize.Float16Model;
import io.github.modelbudget.optimizer.quantize.Float16Quantizer;
import io.github.modelbudget.optimizer.quantize.Float16Report;
import io.github.modelbudget.optimizer.quantize.FullIntegerModel;
import io.github.modelbudget.optimizer.quantize.FullIntegerQuantizer;
import io.github.modelbudget.optimizer.quantize.FullIntegerReport;
import io.github.modelbudget.optimizer.quantize.HalfTensor;
import io.github.modelbudget.optimizer.quantize.IoType;
import io.github.modelbudget.optimizer.quantize.QuantizationOptions;
import io.github.modelbudget.optimizer.quantize.QuantizationReport;
import io.github.modelbudget.optimizer.quantize.QuantizationScheme;
import io.github.modelbudget.optimizer.quantize.QuantizedModel;
import io.github.modelbudget.optimizer.quantize.QuantizedTensor;
import io.github.modelbudget.optimizer.quantize.SkipReason;
import io.github.modelbudget.optimizer.quantize.SkippedTensor;
import io.github.modelbudget.optimizer.rewrite.WeightFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        "Reads MODEL, quantizes its weights with --mode, and writes the result to --out atomically. Prints each weight tensor that was quantized (operator, per channel or per tensor, scales, all-zero channels) and each constant that was skipped, with the reason, and the metadata written. dynamic: int8 weights for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED; --scheme chooses the converter generation whose files to reproduce: operator versions, options, stored min/max and metadata. float16: every float constant stored as FLOAT16 (round to nearest even) and read through a DEQUANTIZE op, as today's converter does. int8: full integer, calibrated on --calibration data: int8 weights per channel, int32 biases, int8 activations from the calibrated ranges, float (or --io int8/uint8) inputs and outputs; an operator without an int8 kernel stays float between DEQUANTIZE and QUANTIZE and is listed. --keep-float REGEX leaves float the weights whose tensor, operator or layer name contains a match (a pattern that matches no weight the mode changes exits 3). A model with nothing to quantize is written unchanged; a model that is quantized already is refused (exit 3).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget quantize baseline.tflite --mode dynamic --out quantized.tflite",
      "  modelbudget quantize baseline.tflite --mode float16 --out float16.tflite",
      "  modelbudget quantize baseline.tflite --mode int8 --calibration train.npz --out int8.tflite",
      "  modelbudget quantize baseline.tflite --mode dynamic --keep-float '^dense' --out q.tflite",
      "  modelbudget quantize baseline.tflite --mode dynamic --scheme tf_2_8 \\",
      "      --min-elements 100 --out quantized_tf28.tflite"
    })
final class QuantizeCommand implements Callable<Integer> {

  /** How to quantize. */
  enum Mode {
    /** Dynamic-range: int8 weights of hybrid operators, float activations. */
    DYNAMIC,
    /** Float16: every float constant stored as a half and dequantized, float activations. */
    FLOAT16,
    /** Full integer: int8 weights and activations, calibrated on --calibration data. */
    INT8
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
          "The converter generation to reproduce, with --mode dynamic: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}, today's).")
  QuantizationScheme scheme;

  @Option(
      names = "--min-elements",
      defaultValue = "" + QuantizationOptions.DEFAULT_MIN_ELEMENTS,
      paramLabel = "N",
      description =
          "With --mode dynamic, weights with fewer elements stay float, as the converter's"
              + " weights_min_num_elements (default: ${DEFAULT-VALUE}).")
  int minElements;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "The .tflite file to write.")
  Path out;

  @Option(
      names = "--calibration",
      paramLabel = "DATA",
      description =
          "With --mode int8: representative inputs (.npz, IDX, Quick, Draw!) to calibrate the"
              + " activations' ranges on; labels are not used.")
  Path calibration;

  @Option(
      names = "--io",
      defaultValue = "FLOAT32",
      paramLabel = "TYPE",
      description =
          "With --mode int8: the type of the model's inputs and outputs, ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}, with QUANTIZE and DEQUANTIZE at the edges).")
  IoType io;

  @Mixin KeepFloatOption keepFloat;

  @Mixin DataOptions dataOptions;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (minElements < 1) {
      throw new ParameterException(
          spec.commandLine(), "--min-elements must be at least 1 but was " + minElements);
    }
    if (mode != Mode.DYNAMIC) {
      for (String option : new String[] {"--scheme", "--min-elements"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new ParameterException(
              spec.commandLine(), option + " applies to --mode dynamic only, not " + modeName());
        }
      }
    }
    if (mode != Mode.INT8) {
      for (String option : new String[] {"--calibration", "--io"}) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new ParameterException(
              spec.commandLine(), option + " applies to --mode int8 only, not " + modeName());
        }
      }
    } else if (calibration == null) {
      throw new ParameterException(
          spec.commandLine(), "--mode int8 needs --calibration DATA, representative inputs");
    }
    Optional<WeightFilter> keep = keepFloat.filter(spec.commandLine());
    TfliteModel input = TfliteModel.read(model);
    if (mode == Mode.INT8) {
      Dataset data =
          dataOptions
              .load(spec.commandLine(), calibration, Optional.of(input))
              .named(calibration.toString());
      FullIntegerModel result = new FullIntegerQuantizer(io, keep).quantize(input, data);
      result.model().save(out);
      printInt8(spec.commandLine().getOut(), input, result);
      return ExitCode.OK;
    }
    if (mode == Mode.FLOAT16) {
      Float16Model result = new Float16Quantizer(keep).quantize(input);
      result.model().save(out);
      printFloat16(spec.commandLine().getOut(), input, result);
      return ExitCode.OK;
    }
    DynamicRangeQuantizer quantizer =
        new DynamicRangeQuantizer(new QuantizationOptions(scheme, minElements, keep));
    QuantizedModel result = quantizer.quantize(input);
    result.model().save(out);
    print(spec.commandLine().getOut(), input, result);
    return ExitCode.OK;
  }

  private String modeName() {
    return mode.name().toLowerCase(Locale.ROOT);
  }

  private void printFloat16(PrintWriter w, TfliteModel input, Float16Model result) {
    Float16Report report = result.report();
    w.printf(Locale.ROOT, "%s: float16 quantization (TF 2.21 converter)%n", model);
    w.printf(Locale.ROOT, "Stored as FLOAT16 %d:%n", report.converted().size());
    for (HalfTensor t : report.converted()) {
      w.printf(
          Locale.ROOT,
          "  %-32s %-16s read by %s through DEQUANTIZE%n",
          t.name(),
          t.shape(),
          String.join(", ", t.readers()));
    }
    printSkipped(w, report.skipped());
    report.metadata().forEach(change -> w.println("Metadata " + change));
    printSizes(w, input, result.model(), report.changed());
  }

  private void printInt8(PrintWriter w, TfliteModel input, FullIntegerModel result) {
    FullIntegerReport report = result.report();
    w.printf(
        Locale.ROOT,
        "%s: full-integer int8 quantization, calibrated on %,d samples of %s, %s inputs and"
            + " outputs%n",
        model,
        report.samples(),
        calibration,
        report.io());
    w.printf(Locale.ROOT, "Weights %d:%n", report.weights().size());
    for (QuantizedTensor t : report.weights()) {
      w.printf(
          Locale.ROOT,
          "  %-32s %-16s %-18s per channel (dim %d), %d scales%n",
          t.name(),
          t.shape(),
          t.operator(),
          t.quantizedDimension(),
          t.scaleCount());
    }
    w.printf(Locale.ROOT, "Activations %d:%n", report.activations().size());
    for (ActivationQuantization a : report.activations()) {
      w.printf(
          Locale.ROOT,
          "  %-32s scale %.6g, zero point %4d  %s%s%n",
          a.name(),
          a.scale(),
          a.zeroPoint(),
          a.rule(),
          Float.isNaN(a.min())
              ? ""
              : String.format(Locale.ROOT, " [%.6g, %.6g]", a.min(), a.max()));
    }
    w.printf(Locale.ROOT, "Left float %d:%n", report.floatOperators().size());
    report.floatOperators().forEach(op -> w.println("  " + op));
    report.metadata().forEach(change -> w.println("Metadata " + change));
    printSizes(w, input, result.model(), true);
  }

  private void printSkipped(PrintWriter w, List<SkippedTensor> skipped) {
    w.printf(Locale.ROOT, "Skipped %d:%n", skipped.size());
    for (SkippedTensor t : skipped) {
      w.printf(
          Locale.ROOT,
          "  %-32s %-16s %-8s %s%s%n",
          t.name(),
          t.shape(),
          t.type(),
          t.reason().description(),
          t.reason() == SkipReason.TOO_SMALL ? " (" + t.elements() + " elements)" : "");
    }
  }

  private void printSizes(PrintWriter w, TfliteModel input, TfliteModel output, boolean changed) {
    ModelSizes before = ModelSizes.of(input);
    ModelSizes after = ModelSizes.of(output);
    w.printf(
        Locale.ROOT,
        "Wrote %s%s: %,d → %,d bytes raw, %,d → %,d zip%n",
        out,
        changed ? "" : " (nothing to quantize, the model is unchanged)",
        before.raw(),
        after.raw(),
        before.zip(),
        after.zip());
    w.flush();
  }

  private void print(PrintWriter w, TfliteModel input, QuantizedModel result) {
    QuantizationReport report = result.report();
    w.printf(
        Locale.ROOT,
        "%s: %s quantization, scheme %s (TF %s converter), threshold %,d elements%n",
        model,
        modeName(),
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
    printSkipped(w, report.skipped());
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
    printSizes(w, input, result.model(), report.changed());
  }
}
