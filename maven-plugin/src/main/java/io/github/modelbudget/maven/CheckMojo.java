package io.github.modelbudget.maven;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.data.LoadOptions;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.OutputActivation;
import io.github.modelbudget.harness.family.BudgetGate;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.family.ModelLocations;
import io.github.modelbudget.harness.isolation.IsolatedBackend;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.reports.ReportInputs;
import java.io.File;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Gates a model family against a budget file, as {@code modelbudget check} does: every {@code
 * .tflite} file of {@link #modelsDirectory} is evaluated on {@link #data} in the real TFLite
 * runtime, compared with the baseline and checked against its budget from {@link #budgetFile}; the
 * baseline is held to the absolute limits only. Every violation is listed; an error-level one fails
 * the build, a warning-level one is logged as a warning. The run record, budgets included, is
 * written to {@link #outputFile} for the {@code report} goal.
 *
 * <p>Bad input (a missing or invalid model, data or budget file, a budget entry that matches no
 * model) fails the build with a {@link MojoExecutionException} whose message names the file, what
 * was expected and what was found; so does a model that could not be evaluated, whatever {@link
 * #failOnViolation} says.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class CheckMojo extends AbstractMojo {

  /** The budget file (JSON, or YAML when it ends in {@code .yaml}/{@code .yml}). */
  @Parameter(property = "modelbudget.budget", required = true)
  File budgetFile;

  /** The folder of {@code .tflite} variants, the baseline among them. */
  @Parameter(property = "modelbudget.models")
  File modelsDirectory;

  /** Glob patterns of the model files of {@link #modelsDirectory} to gate. */
  @Parameter(defaultValue = "*.tflite")
  List<String> includes;

  /** Glob patterns of model files to leave out. */
  @Parameter List<String> excludes;

  /**
   * The baseline: its name in {@link #modelsDirectory} (its file name without {@code .tflite}), or
   * its file there.
   */
  @Parameter(property = "modelbudget.baseline", defaultValue = "baseline")
  String baseline;

  /**
   * Check this run record instead of evaluating {@link #modelsDirectory} on {@link #data}, e.g. one
   * the tests wrote.
   */
  @Parameter(property = "modelbudget.record")
  File record;

  /**
   * The labelled test data: {@code .npz} (arrays {@code x} and {@code y}), IDX, a Quick, Draw!
   * file, or a folder with one Quick, Draw! file per class.
   */
  @Parameter(property = "modelbudget.data")
  File data;

  /** Evaluator worker threads, each with its own interpreter. */
  @Parameter(property = "modelbudget.threads", defaultValue = "1")
  int threads;

  /** Samples per interpreter invocation (a model with a fixed batch runs at its own). */
  @Parameter(property = "modelbudget.batch", defaultValue = "64")
  int batch;

  /** Apply the XNNPACK delegate. */
  @Parameter(property = "modelbudget.xnnpack", defaultValue = "true")
  boolean xnnpack;

  /** Decision threshold of sigmoid outputs, in [0, 1]. */
  @Parameter(property = "modelbudget.threshold", defaultValue = "0.5")
  double threshold;

  /**
   * What the models output: {@code probabilities}, {@code logits}, or {@code auto} to tell from the
   * operator that produces the output.
   */
  @Parameter(property = "modelbudget.activation", defaultValue = "auto")
  String activation;

  /** Run the models in a child JVM, so a native crash fails that model instead of Maven. */
  @Parameter(property = "modelbudget.isolate", defaultValue = "false")
  boolean isolate;

  /**
   * Also measure each model's latency ({@code benchmark_model}-style: one interpreter thread, batch
   * 1, 10 warm-up runs, {@link #latencyRuns} timed runs), so that {@code maxLatencyP50}/{@code
   * maxLatencyP95} limits can be checked.
   */
  @Parameter(property = "modelbudget.latency", defaultValue = "false")
  boolean latency;

  /** Timed runs per model with {@link #latency}, at least 10. */
  @Parameter(property = "modelbudget.latencyRuns", defaultValue = "200")
  int latencyRuns;

  /** Where the run record, with the budgets' outcomes, is written. */
  @Parameter(
      property = "modelbudget.checkOutput",
      defaultValue = "${project.build.directory}/modelbudget/check.json")
  File outputFile;

  /** Fail the build on an error-level violation; {@code false} logs it as an error and goes on. */
  @Parameter(property = "modelbudget.failOnViolation", defaultValue = "true")
  boolean failOnViolation;

  /** Skip the check. */
  @Parameter(property = "modelbudget.skip", defaultValue = "false")
  boolean skip;

  /** Creates the goal; Maven sets the parameters. */
  public CheckMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping the model budget check (modelbudget.skip)");
      return;
    }
    validate();
    BudgetGate.Result gate;
    try {
      BudgetFile budgets = BudgetFile.read(budgetFile.toPath());
      RunRecord run = record != null ? ReportInputs.read(record.toPath()) : evaluate();
      gate = BudgetGate.check(run, budgets);
      RunRecords.write(gate.record(), outputFile.toPath());
    } catch (ModelBudgetException | UncheckedIOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // A pattern of <includes>/<excludes> that is not a glob.
      throw new MojoExecutionException(
          "<includes>/<excludes> of " + modelsDirectory + ": " + e.getMessage(), e);
    }
    GateLog.log(getLog(), gate);
    String summary =
        String.format(
            Locale.ROOT,
            "%d variant(s), %d error(s), %d warning(s)%s against %s; run record written to %s",
            gate.record().variants().size(),
            gate.errors(),
            gate.warnings(),
            gate.failures().isEmpty() ? "" : ", " + gate.failures().size() + " not measured",
            budgetFile,
            outputFile);
    if (!gate.failures().isEmpty()) {
      throw new MojoExecutionException(
          "Model budget check could not measure every model: " + summary + GateLog.listing(gate));
    }
    if (gate.errors() == 0) {
      getLog().info("Model budget check PASSED: " + summary);
      return;
    }
    if (!failOnViolation) {
      getLog().error("Model budget check FAILED (failOnViolation is false): " + summary);
      return;
    }
    throw new MojoFailureException("Model budget check FAILED: " + summary + GateLog.listing(gate));
  }

  private void validate() throws MojoExecutionException {
    if (!budgetFile.isFile()) {
      throw new MojoExecutionException(
          budgetFile
              + ": "
              + (budgetFile.exists() ? "not a regular file" : "no such file")
              + ": expected a budget file (<budgetFile>): JSON, or YAML when it ends in .yaml or"
              + " .yml, with a default budget and per-variant limits");
    }
    if ((record == null) == (modelsDirectory == null)) {
      throw new MojoExecutionException(
          "Give either <modelsDirectory> with <data>, or <record>, but "
              + (record == null ? "neither was set" : "both were set"));
    }
    if (record != null && (data != null || latency)) {
      throw new MojoExecutionException(
          "<data> and <latency> measure <modelsDirectory>; a recorded run (<record> "
              + record
              + ") keeps its own measurements");
    }
    if (record == null && data == null) {
      throw new MojoExecutionException(
          "<data> is required with <modelsDirectory> "
              + modelsDirectory
              + ": expected the labelled test data (.npz, IDX, Quick, Draw! file or folder)");
    }
    if (threads < 1 || batch < 1) {
      throw new MojoExecutionException(
          "<threads> and <batch> must be at least 1 but were " + threads + " and " + batch);
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new MojoExecutionException("<threshold> must be in [0, 1] but was " + threshold);
    }
    if (latencyRuns < 10) {
      throw new MojoExecutionException("<latencyRuns> must be at least 10 but was " + latencyRuns);
    }
    outputActivation();
  }

  private OutputActivation outputActivation() throws MojoExecutionException {
    try {
      return OutputActivation.valueOf(activation.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "<activation> must be one of "
              + Arrays.stream(OutputActivation.values())
                  .map(a -> a.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", "))
              + " but was '"
              + activation
              + "'",
          e);
    }
  }

  private RunRecord evaluate() throws MojoExecutionException {
    Evaluator evaluator =
        Evaluator.defaults()
            .withThreads(threads)
            .withBatchSize(batch)
            .withXnnpack(xnnpack)
            .withThreshold(threshold)
            .withActivation(outputActivation());
    if (isolate) {
      evaluator = IsolatedBackend.isolate(evaluator);
    }
    Dataset dataset = Datasets.open(data.toPath(), LoadOptions.defaults());
    ModelFamily family =
        ModelFamily.named(
            modelsDirectory.toString(),
            ModelLocations.directory(
                modelsDirectory.toPath(),
                includes == null || includes.isEmpty() ? List.of("*.tflite") : includes,
                excludes == null ? List.of() : excludes),
            baseline);
    getLog()
        .info(
            "Evaluating "
                + family.names()
                + " from "
                + modelsDirectory
                + " on "
                + dataset.size()
                + " samples of "
                + data);
    FamilyRun run =
        FamilyRun.of(family, dataset, evaluator)
            .evaluateAll(
                (member, index, total) ->
                    getLog()
                        .debug(
                            "evaluating "
                                + member.name()
                                + " ("
                                + (index + 1)
                                + "/"
                                + total
                                + ")"));
    if (!latency) {
      return run.record();
    }
    LatencySettings settings =
        LatencySettings.defaults().withXnnpack(xnnpack).withRuns(10, latencyRuns, 10);
    return run.recordWithLatencies(
        settings,
        (name, index, total) -> getLog().info("Timing " + name + " (" + settings.describe() + ")"));
  }
}
