package io.github.modelbudget.cli;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Task;
import io.github.modelbudget.harness.eval.EvaluationResult;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.OutputErrors;
import io.github.modelbudget.harness.eval.RegressionMetrics;
import io.github.modelbudget.harness.eval.TopKAccuracy;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.EvaluationSummary;
import io.github.modelbudget.harness.results.ModelFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelbudget evaluate}: accuracy and the other metrics of models on a dataset. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    header =
        "Measure models' accuracy (or a regression model's MAE, RMSE, max error and R²), its 95%%"
            + " interval, log loss and throughput on a dataset.",
    description =
        "Runs every sample of the dataset through each model in the real TFLite runtime, in"
            + " batches, and prints the metrics. A model that cannot be evaluated is reported and"
            + " the others are still evaluated; the exit code is then 3.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget evaluate --data test.npz baseline.tflite quantized.tflite",
      "  modelbudget evaluate --data drawings/ --threads 2 --json models/*.tflite"
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin EvaluationOptions options;

  @Parameters(arity = "1..*", paramLabel = "MODEL", description = "The .tflite files.")
  List<Path> models;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Mixin TopKOption topK;

  @Mixin QuietOption quiet;

  @Mixin VerboseOption verbose;

  /** One model's evaluation in the JSON output. */
  record Evaluated(
      String model,
      String file,
      String sha256,
      String dataset,
      String datasetSha256,
      ModelSizes sizes,
      EvaluationSummary evaluation) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    topK.stated();
    Evaluator evaluator = options.evaluator(spec.commandLine());
    List<TfliteModel> loaded = Inputs.models(models);
    Dataset data = options.dataset(spec.commandLine(), loaded.get(0));
    // Results stay with their model: two files of the same name are two models.
    List<Evaluated> evaluated = new ArrayList<>();
    List<ModelFailure> failures = new ArrayList<>();
    ProgressLine progress = quiet.progressLine();
    for (int i = 0; i < loaded.size(); i++) {
      TfliteModel model = loaded.get(i);
      String label = "evaluating " + model.name() + " (" + (i + 1) + "/" + loaded.size() + ")";
      progress.update(label, 0, data.size());
      EvaluationResult result;
      try {
        result = evaluator.evaluate(model, data, done -> progress.update(label, done, data.size()));
      } catch (ModelBudgetException e) {
        failures.add(
            new ModelFailure(model.name(), model.sha256(), model.origin(), e.getMessage()));
        continue;
      }
      evaluated.add(
          new Evaluated(
              model.name(),
              model.origin(),
              model.sha256(),
              data.name(),
              data.sha256(),
              ModelSizes.of(model),
              EvaluationSummary.of(result)));
    }
    progress.update("evaluated", data.size(), data.size());
    progress.finish();
    if (json) {
      out.println(Json.write(evaluated.size() == 1 ? evaluated.get(0) : evaluated));
    } else {
      if (data.task() == Task.REGRESSION) {
        out.printf(
            Locale.ROOT,
            "Dataset %s: %,d samples, %d regression target(s) per sample%n",
            data.name(),
            data.size(),
            data.targetWidth());
      } else {
        // Each model states how many classes it scores; a thousand names would drown the output.
        out.printf(
            Locale.ROOT,
            "Dataset %s: %,d samples, %d classes %s%n",
            data.name(),
            data.size(),
            data.classCount(),
            data.classCount() <= 20 ? data.classNames() : "(names not listed)");
      }
      for (Evaluated e : evaluated) {
        EvaluationSummary s = e.evaluation();
        out.printf(Locale.ROOT, "%s (%s)%n", e.model(), e.file());
        if (s.regression().isPresent()) {
          printRegression(out, s.regression().get());
        } else {
          printClassification(out, s, topK.shown(s.confusionMatrix().classNames().size()));
        }
        if (s.nonFiniteOutputs() > 0) {
          out.printf(Locale.ROOT, "  non-finite  %,d outputs%n", s.nonFiniteOutputs());
        }
        for (String warning : s.warnings()) {
          out.printf(Locale.ROOT, "  warning     %s%n", warning);
        }
        out.printf(
            Locale.ROOT,
            "  size        %,d bytes raw, %,d zip%n",
            e.sizes().raw(),
            e.sizes().zip());
        out.printf(Locale.ROOT, "  throughput  %,.0f samples/s%n", s.samplesPerSecond());
      }
    }
    int code = FamilyProgress.report(spec.commandLine().getErr(), failures);
    out.flush();
    return code;
  }

  private static void printRegression(PrintWriter out, RegressionMetrics r) {
    out.printf(
        Locale.ROOT,
        "  MAE         %.5g (95%% CI %.5g–%.5g) on %,d samples%n",
        r.mae(),
        r.maeInterval().lower(),
        r.maeInterval().upper(),
        r.samples());
    out.printf(
        Locale.ROOT,
        "  RMSE        %.5g, max |error| %.5g, R² %s%n",
        r.rmse(),
        r.maxAbsError(),
        r.r2().isPresent() ? String.format(Locale.ROOT, "%.5f", r.r2().getAsDouble()) : "-");
    for (int j = 0; r.outputs() > 1 && j < r.outputs(); j++) {
      OutputErrors o = r.perOutput().get(j);
      out.printf(
          Locale.ROOT,
          "  output %-4d MAE %.5g, RMSE %.5g, max |error| %.5g, R² %s%n",
          j,
          o.mae(),
          o.rmse(),
          o.maxAbsError(),
          o.r2().isPresent() ? String.format(Locale.ROOT, "%.5f", o.r2().getAsDouble()) : "-");
    }
  }

  private static void printClassification(PrintWriter out, EvaluationSummary s, OptionalInt k) {
    out.printf(
        Locale.ROOT,
        "  accuracy    %.5f (%,d of %,d; 95%% CI %.5f–%.5f)%n",
        s.accuracy(),
        s.correct(),
        s.samples(),
        s.accuracyInterval().lower(),
        s.accuracyInterval().upper());
    if (k.isPresent() && s.topK(k.getAsInt()).isPresent()) {
      TopKAccuracy t = s.topK(k.getAsInt()).get();
      out.printf(
          Locale.ROOT,
          "  top-%-2d      %.5f (%,d of %,d; 95%% CI %.5f–%.5f) of %,d classes%n",
          t.k(),
          t.accuracy(),
          t.correct(),
          t.samples(),
          t.interval().lower(),
          t.interval().upper(),
          s.confusionMatrix().classNames().size());
    }
    out.printf(
        Locale.ROOT,
        "  log loss    %.5f%s%n",
        s.logLoss(),
        s.rocAuc().isPresent()
            ? String.format(Locale.ROOT, ", ROC AUC %.5f", s.rocAuc().getAsDouble())
            : "");
  }
}
