package io.github.modelbudget.cli.training;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.github.modelbudget.cli.ExitCode;
import io.github.modelbudget.cli.ModelBudgetCli;
import io.github.modelbudget.cli.NpzFiles;
import io.github.modelbudget.harness.budget.BudgetFile;
import io.github.modelbudget.harness.data.Dataset;
import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code modelbudget demo} on the real drawings: once on the sample bundled in the jar, once on the
 * same files given with {@code --data} and a stricter budget, and its bad inputs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCommandTest {

  /** The committed sample, seen from the module's folder where Surefire runs. */
  private static final Path SAMPLE = Path.of("..", "data", "quickdraw-sample");

  private static final List<String> VARIANTS =
      List.of("baseline", "quantized", "pruned", "pruned_quantized");

  private Path dir;
  private Path bundledOut;
  private Run bundled;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ModelBudgetCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  void runTheDemoOnTheBundledSample(@TempDir Path shared) throws IOException, InterruptedException {
    dir = shared;
    bundledOut = dir.resolve("bundled");
    // What a demo killed part-way leaves: its staging folder, with a run record and no report.
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Path abandoned =
        Files.createDirectories(bundledOut.resolve(".modelbudget-partial-" + ended.pid() + "-x"));
    Files.writeString(abandoned.resolve("run.json"), "{}");
    bundled = run("demo", "--out", bundledOut.toString(), "--quiet");
  }

  @Test
  void bundledSample_leavesItsOutputsOnly_noStagingFolderOfItsOwnOrOfAKilledRun()
      throws IOException {
    try (java.util.stream.Stream<Path> listing = Files.list(bundledOut)) {
      assertThat(
          listing.map(p -> p.getFileName().toString()).sorted().toList(),
          is(
              List.of(
                  "baseline.tflite",
                  "budget.yaml",
                  "manifest.json",
                  "pruned.tflite",
                  "pruned_quantized.tflite",
                  "quantized.tflite",
                  "report.html",
                  "run.json",
                  "summary.md",
                  "test.npz")));
    }
  }

  @Test
  void bundledSample_trainsAllFourVariantsAndPassesTheDefaultBudget() {
    assertThat(bundled.err(), bundled.code(), is(ExitCode.OK));
    for (String variant : VARIANTS) {
      assertThat(TfliteModel.read(bundledOut.resolve(variant + ".tflite")).name(), is(variant));
    }
    RunRecord record = RunRecords.read(bundledOut.resolve("run.json"));
    assertThat(record.dataset().name(), is("quickdraw-sample/test"));
    // 100 drawings a class, a quarter of each held out.
    assertThat(record.dataset().size(), is(50));
    assertThat(record.baseline().orElseThrow(), is("baseline"));
    for (VariantRecord v : record.variants()) {
      assertThat(v.name(), v.budgets().size(), is(1));
      assertThat(v.name(), v.budgets().get(0).errors().isEmpty(), is(true));
      assertThat(v.latency().orElseThrow().count(), is(200));
    }
    assertThat(
        record.variant("baseline").orElseThrow().evaluation().accuracy(),
        greaterThanOrEqualTo(0.8));
  }

  @Test
  void bundledSample_variantsShrinkInTheExperimentsOrder() {
    RunRecord record = RunRecords.read(bundledOut.resolve("run.json"));
    long baseline = zip(record, "baseline");

    assertThat(zip(record, "quantized"), lessThan(baseline * 6 / 10));
    assertThat(zip(record, "pruned"), lessThan(zip(record, "quantized")));
    assertThat(zip(record, "pruned_quantized"), lessThan(zip(record, "pruned")));
  }

  @Test
  void bundledSample_printsTheTableBesideTheExperimentsNumbersAndTheReportPath() {
    RunRecord record = RunRecords.read(bundledOut.resolve("run.json"));
    VariantRecord base = record.variant("baseline").orElseThrow();

    assertThat(
        bundled.out(),
        allOf(
            containsString("200 drawings of The Eiffel Tower and The Mona Lisa"),
            containsString("150 to train, 50 held out"),
            containsString("seed ZIP"),
            containsString("0.98524"),
            containsString("14,303"),
            containsString(String.format(java.util.Locale.ROOT, "%,d", base.sizes().zip())),
            containsString("PASSED"),
            containsString("Report: " + bundledOut.resolve("report.html").toAbsolutePath())));
  }

  @Test
  void bundledSample_writesTheReportTheSummaryAndAReusableBudget() throws IOException {
    assertThat(Files.readString(bundledOut.resolve("report.html")), containsString("pruned"));
    assertThat(Files.readString(bundledOut.resolve("summary.md")), containsString("quantized"));
    assertThat(Files.exists(bundledOut.resolve("manifest.json")), is(true));
    BudgetFile budget = BudgetFile.read(bundledOut.resolve("budget.yaml"));
    assertThat(budget.budgetFor("pruned_quantized").limits().size(), is(4));
    assertThat(Datasets.load(bundledOut.resolve("test.npz")).size(), is(50));
  }

  /** The README's CI recipe, on the demo's output: check the variants, then report. */
  @Test
  void bundledSample_outputPassesTheReadmesCiRecipe() throws IOException {
    Path run = dir.resolve("ci-run.json");
    Run check =
        run(
            "check",
            "--budget",
            bundledOut.resolve("budget.yaml").toString(),
            "--models",
            bundledOut.toString(),
            "--data",
            bundledOut.resolve("test.npz").toString(),
            "--out",
            run.toString(),
            "--quiet");
    Run report =
        run(
            "report",
            run.toString(),
            "--html",
            dir.resolve("ci-report.html").toString(),
            "--markdown",
            dir.resolve("ci-summary.md").toString());

    assertThat(check.err(), check.code(), is(ExitCode.OK));
    assertThat(check.out(), containsString("PASSED: 4 variant(s), 0 error(s)"));
    RunRecord checked = RunRecords.read(run);
    RunRecord demo = RunRecords.read(bundledOut.resolve("run.json"));
    assertThat(checked.dataset().size(), is(demo.dataset().size()));
    for (String variant : VARIANTS) {
      assertThat(
          variant,
          checked.variant(variant).orElseThrow().evaluation().correct(),
          is(demo.variant(variant).orElseThrow().evaluation().correct()));
    }
    assertThat(report.err(), report.code(), is(ExitCode.OK));
    assertThat(Files.readString(dir.resolve("ci-summary.md")), containsString("pruned"));
  }

  /**
   * {@code --download} from a mirror on loopback that serves the sample's files, into a {@code
   * --data} folder: the same drawings through the official-data path give the same models, and a
   * stricter budget fails the run.
   */
  @Test
  void downloadedIntoADataFolder_givesTheSameModelsAndAStricterBudgetFails() throws IOException {
    Path folder = dir.resolve("downloaded");
    Path out = dir.resolve("from-download");
    Path strict = dir.resolve("strict.yaml");
    Files.writeString(strict, "default:\n  maxZipSize: \"1 kB\"\n");
    Run fromData;
    try (QuickDrawDownloaderTest.FakeBucket mirror = new QuickDrawDownloaderTest.FakeBucket()) {
      for (String className : DemoDrawings.SEED_CLASSES) {
        mirror.objects.put(className, Files.readAllBytes(SAMPLE.resolve(className + ".npy")));
      }

      fromData =
          run(
              "demo",
              "--download",
              "--download-from",
              mirror.base().toString(),
              "--data",
              folder.toString(),
              "--budget",
              strict.toString(),
              "--out",
              out.toString(),
              "--quiet");

      assertThat(mirror.rawPaths.size(), is(2));
    }

    assertThat(fromData.err(), fromData.code(), is(ExitCode.BUDGET_VIOLATED));
    for (String className : DemoDrawings.SEED_CLASSES) {
      assertThat(
          Files.readAllBytes(folder.resolve(className + ".npy")),
          is(Files.readAllBytes(SAMPLE.resolve(className + ".npy"))));
    }
    for (String variant : VARIANTS) {
      assertThat(
          variant,
          TfliteModel.read(out.resolve(variant + ".tflite")).sha256(),
          is(TfliteModel.read(bundledOut.resolve(variant + ".tflite")).sha256()));
    }
    assertThat(
        fromData.out(),
        allOf(
            containsString("Downloaded " + folder.resolve("The Eiffel Tower.npy")),
            containsString("FAIL baseline"),
            containsString("zipped size"),
            containsString("FAILED")));
    assertThat(Files.exists(out.resolve("budget.yaml")), is(false));
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void folderWithNoDrawings_exits3NamingTheFolderAndTheExpectedFiles() throws IOException {
      Path empty = Files.createDirectories(dir.resolve("no-drawings"));
      Files.writeString(empty.resolve("notes.txt"), "not a drawing");

      Run r = run("demo", "--data", empty.toString(), "--out", dir.resolve("o").toString());

      assertThat(r.code(), is(ExitCode.INVALID_INPUT));
      assertThat(
          r.err(),
          allOf(
              containsString(empty.toString()),
              containsString("no drawings of 'The Eiffel Tower'"),
              containsString("'The Eiffel Tower.npy'"),
              containsString("notes.txt"),
              containsString("add --download")));
      assertThat(Files.exists(dir.resolve("o")), is(false));
    }

    @Test
    void classFileThatIsNotQuickDrawData_exits3NamingTheFileAndWhatItHolds() throws IOException {
      Path folder = sampleCopy("float-array");
      // A valid NumPy file, but of floats with three columns rather than 784 bytes.
      Files.write(folder.resolve("The Eiffel Tower.npy"), NpzFiles.npyFloat32(new float[12], 4, 3));

      Run r = run("demo", "--data", folder.toString(), "--out", dir.resolve("o").toString());

      assertThat(r.code(), is(ExitCode.INVALID_INPUT));
      assertThat(
          r.err(),
          allOf(
              containsString(folder.resolve("The Eiffel Tower.npy").toString()),
              containsString("uint8 with shape [N, 784]"),
              containsString("FLOAT32 [4, 3]")));
      assertThat(Files.exists(dir.resolve("o")), is(false));
    }

    @Test
    void classFileOfRandomBytes_exits3() throws IOException {
      Path folder = sampleCopy("random");
      byte[] noise = new byte[2_000];
      new Random(5).nextBytes(noise);
      Files.write(folder.resolve("The Mona Lisa.npy"), noise);

      Run r = run("demo", "--data", folder.toString(), "--out", dir.resolve("o").toString());

      assertThat(r.code(), is(ExitCode.INVALID_INPUT));
      assertThat(
          r.err(),
          allOf(
              containsString(folder.resolve("The Mona Lisa.npy").toString()),
              containsString("not a NumPy .npy file")));
    }

    @Test
    void classWithTwoFiles_exits3() throws IOException {
      Path folder = sampleCopy("two-files");
      Files.writeString(folder.resolve("The Mona Lisa.ndjson"), "");

      Run r = run("demo", "--data", folder.toString(), "--out", dir.resolve("o").toString());

      assertThat(r.code(), is(ExitCode.INVALID_INPUT));
      assertThat(
          r.err(),
          containsString(
              "'The Mona Lisa' has several files (The Mona Lisa.npy, The Mona Lisa.ndjson)"));
    }

    @Test
    void missingFolder_exits3() {
      Path missing = dir.resolve("missing");

      Run r = run("demo", "--data", missing.toString(), "--out", dir.resolve("o").toString());

      assertThat(r.code(), is(ExitCode.INVALID_INPUT));
      assertThat(
          r.err(),
          allOf(containsString(missing + ": no such folder"), containsString("--download")));
    }

    static Stream<Arguments> usageErrors() {
      return Stream.of(
          arguments(
              List.of("--classes", "The Eiffel Tower", "--data", SAMPLE.toString()),
              "--classes needs two different classes"),
          arguments(List.of("--classes", "cat,dog"), "the bundled sample has only"),
          arguments(
              List.of("--test-fraction", "1.5"),
              "--test-fraction must be between 0 and 1, got 1.5"),
          arguments(List.of("--max-per-class", "1"), "--max-per-class must be at least 2, got 1"),
          arguments(
              List.of("--download-from", "http://127.0.0.1:9/"),
              "--download-from needs --download"),
          arguments(
              List.of("--download", "--download-from", "file:///tmp/quickdraw/"),
              "needs an http or https URL"),
          arguments(List.of("--seed", "forty-two"), "Invalid value for option '--seed'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void badOptionValue_exits2BeforeReadingAnything(List<String> options, String message) {
      List<String> args = new ArrayList<>(List.of("demo", "--out", dir.resolve("o").toString()));
      args.addAll(options);

      Run r = run(args.toArray(String[]::new));

      assertThat(r.code(), is(ExitCode.USAGE));
      assertThat(r.err(), containsString(message));
      assertThat(Files.exists(dir.resolve("o")), is(false));
    }

    @Test
    void downloadOfAnUnknownClass_exits3NamingTheUrlAndTheClassList() throws IOException {
      try (QuickDrawDownloaderTest.FakeBucket mirror = new QuickDrawDownloaderTest.FakeBucket()) {
        Run r =
            run(
                "demo",
                "--download",
                "--download-from",
                mirror.base().toString(),
                "--data",
                dir.resolve("cache").toString(),
                "--classes",
                "The Eiffel Towr,The Mona Lisa",
                "--out",
                dir.resolve("o").toString());

        assertThat(r.code(), is(ExitCode.INVALID_INPUT));
        assertThat(
            r.err(),
            allOf(
                containsString(mirror.url("The Eiffel Towr")),
                containsString("no Quick, Draw! class named 'The Eiffel Towr'"),
                containsString("categories.txt")));
        assertThat(Files.exists(dir.resolve("o")), is(false));
      }
    }

    @Test
    void unreadableBudget_exits3BeforeTraining() throws IOException {
      Path budget = Files.writeString(dir.resolve("bad.yaml"), "default:\n  minAccurcy: 0.9\n");

      Run r = run("demo", "--budget", budget.toString(), "--out", dir.resolve("o").toString());

      assertThat(r.code(), is(ExitCode.INVALID_INPUT));
      assertThat(r.err(), allOf(containsString("bad.yaml"), containsString("minAccurcy")));
      assertThat(r.out(), not(containsString("epoch")));
    }
  }

  @Test
  void fromDirectory_readsSimplifiedStrokesToo() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("strokes"));
    String line = "{\"word\":\"x\",\"drawing\":[[[0,255],[128,128]]]}\n";
    Files.writeString(folder.resolve("cat.ndjson"), line.repeat(3));
    Files.writeString(folder.resolve("dog.ndjson"), line.repeat(5));

    Dataset drawings = DemoDrawings.fromDirectory(folder, List.of("cat", "dog"), 4);

    assertThat(drawings.classNames(), is(List.of("cat", "dog")));
    assertThat(drawings.size(), is(3 + 4));
    assertThat(drawings.sampleShape(), is(List.of(28, 28)));
  }

  private Path sampleCopy(String name) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(name));
    for (String className : DemoDrawings.SEED_CLASSES) {
      Files.copy(SAMPLE.resolve(className + ".npy"), folder.resolve(className + ".npy"));
    }
    return folder;
  }

  private static long zip(RunRecord record, String variant) {
    return record.variant(variant).orElseThrow().sizes().zip();
  }
}
