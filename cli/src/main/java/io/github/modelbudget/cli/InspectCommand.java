package io.github.modelbudget.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TensorType;
import io.github.modelbudget.harness.format.TfliteModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget inspect}: what a model contains and how large it is. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Show a model's operators, tensors, parameters, sparsity and sizes.",
    description = {
      "Reads each .tflite file, verifies it, and prints its inspection: metadata"
          + " (min_runtime_version, CONVERSION_METADATA), inputs and outputs, whether the batch is"
          + " fixed, variable tensors, every operator with its options, live parameters (sparse"
          + " tensors counted through their sparsity metadata) and warnings about what the runtime"
          + " will refuse or run slowly.",
      "A model whose graph TFLite would reject or crash on is an error (exit code 3)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget inspect baseline.tflite quantized.tflite",
      "  modelbudget inspect --json models/*.tflite > inspection.json"
    })
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "MODEL", description = "The .tflite files to inspect.")
  List<Path> models;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(names = "--tensors", description = "List every constant tensor (text output).")
  boolean tensors;

  @Mixin VerboseOption verbose;

  /** One model in the JSON output: the inspection, its totals and its sizes. */
  record Inspection(
      String file,
      ModelInfo model,
      long parameters,
      long nonzeroParameters,
      double sparsity,
      boolean fixedBatch,
      Map<TensorType, Long> constantBytesByType,
      ModelSizes sizes) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Inspection> inspections = new ArrayList<>();
    for (Path path : models) {
      TfliteModel model = TfliteModel.read(path);
      ModelInfo info = model.inspect();
      inspections.add(
          new Inspection(
              path.toString(),
              info,
              info.parameterCount(),
              info.nonzeroParameterCount(),
              info.sparsity(),
              info.fixedBatch(),
              info.constantBytesByType(),
              ModelSizes.of(model)));
    }
    if (json) {
      ObjectMapper mapper =
          new ObjectMapper()
              .registerModule(new Jdk8Module())
              .enable(SerializationFeature.INDENT_OUTPUT);
      out.println(
          mapper.writeValueAsString(inspections.size() == 1 ? inspections.get(0) : inspections));
    } else {
      for (Inspection inspection : inspections) {
        InspectionText.print(
            out, inspection.file(), inspection.model(), inspection.sizes(), tensors);
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
