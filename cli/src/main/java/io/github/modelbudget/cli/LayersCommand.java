package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.eval.LayerComparison;
import io.github.modelbudget.harness.eval.LayerReport;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.LayerSummary;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.SessionOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget layers}: which tensors a variant's optimization harmed, worst first. */
@Command(
    name = "layers",
    mixinStandardHelpOptions = true,
    header = "Compare a variant with its baseline layer by layer.",
    description =
        "Runs the baseline and the variant on every sample with each intermediate tensor readable, pairs the tensors (by name, or as the same output of the same operator where QUANTIZE/DEQUANTIZE were inserted), dequantizes the variant's and prints per tensor: elements, mean error, max absolute error, MSE, RMSE, RMSE/scale for quantized tensors, SNR (dB) and cosine similarity, averaged over samples. Rows are ranked by SNR, lowest (most harmed) first; a quantized tensor whose RMSE/scale exceeds 0.7 is flagged with '!' (ideal rounding gives 0.289). Two models whose graphs cannot be matched exit with 3.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget layers --baseline baseline.tflite --data test.npz int8.tflite",
      "  modelbudget layers --baseline baseline.tflite --data test.npz --csv int8.tflite",
      "  modelbudget layers --baseline b.tflite --data test.npz --record run.json q.tflite"
    })
final class LayersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "MODEL",
      description = "The float baseline .tflite file.")
  Path baseline;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE_OR_DIR",
      description = "The samples to run both models on (.npz, IDX, Quick, Draw! file or folder).")
  Path data;

  @Parameters(index = "0", paramLabel = "VARIANT", description = "The variant's .tflite file.")
  Path variant;

  @Option(
      names = "--xnnpack",
      arity = "1",
      defaultValue = "true",
      paramLabel = "true|false",
      description = "Apply the XNNPACK delegate (default: ${DEFAULT-VALUE}).")
  boolean xnnpack;

  @Option(
      names = "--record",
      paramLabel = "RUN_JSON",
      description =
          "Also store the result in this run record, under the variant with the same content"
              + " digest (the record is rewritten atomically).")
  Path record;

  @ArgGroup(exclusive = true)
  Format format = new Format();

  static final class Format {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--csv", description = "Print CSV instead of a table.")
    boolean csv;
  }

  @Mixin DataOptions dataOptions;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TfliteModel base = TfliteModel.read(baseline);
    TfliteModel candidate = TfliteModel.read(variant);
    Dataset samples = dataOptions.load(spec.commandLine(), data, Optional.of(base));
    LayerReport report =
        new LayerComparison(
                InferenceBackend.tflite(), SessionOptions.defaults().withXnnpack(xnnpack))
            .compare(base, candidate, samples);
    LayerSummary summary = LayerSummary.of(report);
    if (record != null) {
      store(summary, candidate);
    }
    if (format.json) {
      out.println(Json.write(summary));
    } else if (format.csv) {
      printCsv(out, summary);
    } else {
      printTable(out, report, summary);
    }
    out.flush();
    return ExitCode.OK;
  }

  private void store(LayerSummary summary, TfliteModel candidate) {
    RunRecord run = RunRecords.read(record);
    List<VariantRecord> variants = new ArrayList<>();
    boolean found = false;
    for (VariantRecord v : run.variants()) {
      if (v.sha256().equals(candidate.sha256())) {
        variants.add(v.withLayers(summary));
        found = true;
      } else {
        variants.add(v);
      }
    }
    if (!found) {
      throw new InvalidRunRecordException(
          record
              + ": expected a variant with the digest of "
              + variant
              + " ("
              + candidate.sha256()
              + ") but the record has "
              + run.variants().stream().map(VariantRecord::name).toList(),
          null);
    }
    RunRecords.write(run.withVariants(variants), record);
  }

  private static void printTable(PrintWriter out, LayerReport report, LayerSummary summary) {
    out.printf(
        Locale.ROOT,
        "%s against %s, %d samples; worst (lowest SNR) first, ! = RMSE/scale > 0.7%n",
        report.variant(),
        report.baseline(),
        report.samples());
    out.printf(
        Locale.ROOT,
        "  %-32s %-18s %8s %11s %11s %11s %11s %8s %8s %8s%n",
        "tensor",
        "operator",
        "elements",
        "mean err",
        "max |err|",
        "MSE",
        "RMSE",
        "RMSE/sc",
        "SNR dB",
        "cosine");
    for (LayerSummary.Layer l : summary.layers()) {
      out.printf(
          Locale.ROOT,
          "%s %-32s %-18s %8d %11.4g %11.4g %11.4g %11.4g %8s %8.2f %8.5f%n",
          l.flagged() ? "!" : " ",
          l.tensor(),
          l.operator() + " #" + l.operatorIndex(),
          l.elements(),
          l.meanError(),
          l.maxAbsError(),
          l.meanSquaredError(),
          l.rmse(),
          l.rmseOverScale().isPresent()
              ? String.format(Locale.ROOT, "%.3f", l.rmseOverScale().getAsDouble())
              : "-",
          l.snrDb(),
          l.cosineSimilarity());
    }
  }

  private static void printCsv(PrintWriter out, LayerSummary summary) {
    out.println(
        "rank,tensor,baseline_tensor,operator,operator_index,match,elements,mean_error,"
            + "max_abs_error,mse,rmse,rmse_over_scale,snr_db,cosine_similarity,flagged");
    int rank = 1;
    for (LayerSummary.Layer l : summary.layers()) {
      out.println(
          String.join(
              ",",
              Integer.toString(rank++),
              csv(l.tensor()),
              csv(l.baselineTensor()),
              l.operator(),
              Integer.toString(l.operatorIndex()),
              l.match(),
              Integer.toString(l.elements()),
              Double.toString(l.meanError()),
              Double.toString(l.maxAbsError()),
              Double.toString(l.meanSquaredError()),
              Double.toString(l.rmse()),
              l.rmseOverScale().isPresent() ? Double.toString(l.rmseOverScale().getAsDouble()) : "",
              Double.toString(l.snrDb()),
              Double.toString(l.cosineSimilarity()),
              Boolean.toString(l.flagged())));
    }
  }

  private static String csv(String value) {
    return value.contains(",") || value.contains("\"")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }
}
