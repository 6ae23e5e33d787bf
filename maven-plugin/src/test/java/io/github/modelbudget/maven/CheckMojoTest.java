package io.github.modelbudget.maven;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Datasets;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check goal run in process on the ITs' models, for what the invoker builds do not cover: the
 * switches, a recorded run, and the configuration errors.
 */
class CheckMojoTest {

  static final String VIOLATED = "{\"default\":{\"minAccuracy\":0.9}}";

  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  @BeforeEach
  void family() throws IOException {
    for (String name : List.of("baseline", "good", "drifted")) {
      Files.createDirectories(dir.resolve("models"));
      Files.write(dir.resolve("models").resolve(name + ".tflite"), ItFixtures.model(name));
    }
    Datasets.writeNpz(ItFixtures.dataset(), dir.resolve("test.npz"));
  }

  CheckMojo mojo(String budget) throws IOException {
    Path budgetFile = dir.resolve("budget.json");
    Files.writeString(budgetFile, budget);
    CheckMojo mojo = new CheckMojo();
    mojo.setLog(log);
    mojo.budgetFile = budgetFile.toFile();
    mojo.modelsDirectory = dir.resolve("models").toFile();
    mojo.includes = List.of("*.tflite");
    mojo.baseline = "baseline";
    mojo.data = dir.resolve("test.npz").toFile();
    mojo.threads = 1;
    mojo.batch = 64;
    mojo.xnnpack = true;
    mojo.threshold = 0.5;
    mojo.activation = "auto";
    mojo.latencyRuns = 200;
    mojo.outputFile = dir.resolve("target/modelbudget/check.json").toFile();
    mojo.failOnViolation = true;
    return mojo;
  }

  @Test
  void failOnViolationFalse_logsEveryErrorAndWritesTheRecord_withoutFailing() throws Exception {
    CheckMojo mojo = mojo(VIOLATED);
    mojo.failOnViolation = false;

    mojo.execute();

    assertThat(log.lines, hasItem("[ERROR] drifted: error: accuracy 75.00% < 90.00% budget"));
    assertThat(
        log.lines,
        hasItem(startsWith("[ERROR] Model budget check FAILED (failOnViolation is false)")));
    RunRecord record = RunRecords.read(mojo.outputFile.toPath());
    assertThat(record.variants().size(), is(3));
    assertThat(record.variants().get(1).budgets().get(0).errors().size(), is(1));
  }

  @Test
  void latency_isMeasuredForEveryModel_soLatencyLimitsAreChecked() throws Exception {
    CheckMojo mojo = mojo("{\"default\":{\"maxLatencyP95\":\"10 s\"}}");
    mojo.latency = true;
    mojo.latencyRuns = 10;

    mojo.execute();

    RunRecord record = RunRecords.read(mojo.outputFile.toPath());
    for (var variant : record.variants()) {
      assertThat(variant.name(), variant.latency().orElseThrow().count(), is(10));
      assertThat(variant.name(), variant.budgets().get(0).errors().size(), is(0));
    }
    assertThat(log.lines, hasItem(startsWith("[INFO] Model budget check PASSED: 3 variant(s)")));
  }

  @Test
  void skip_touchesNothing() throws Exception {
    CheckMojo mojo = mojo(VIOLATED);
    mojo.skip = true;

    mojo.execute();

    assertThat(Files.exists(mojo.outputFile.toPath()), is(false));
    assertThat(log.lines, hasItem(containsString("modelbudget.skip")));
  }

  @Test
  void record_isGatedWithoutEvaluatingAgain() throws Exception {
    CheckMojo first = mojo("{\"default\":{\"minAccuracy\":0.5}}");
    first.execute();
    CheckMojo again = mojo(VIOLATED);
    again.record = first.outputFile;
    again.modelsDirectory = null;
    again.data = null;
    again.outputFile = dir.resolve("target/modelbudget/again.json").toFile();

    MojoFailureException e = assertThrows(MojoFailureException.class, again::execute);

    assertThat(
        e.getMessage(),
        allOf(
            containsString("3 variant(s), 1 error(s)"),
            containsString("drifted: accuracy 75.00% < 90.00% budget")));
    assertThat(log.lines, hasItem(startsWith("[INFO] Evaluating")));
    assertThat(log.lines.stream().filter(l -> l.startsWith("[INFO] Evaluating")).count(), is(1L));
  }

  @Test
  void neitherModelsNorRecord_isAConfigurationError() throws Exception {
    CheckMojo mojo = mojo(VIOLATED);
    mojo.modelsDirectory = null;

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertThat(e.getMessage(), containsString("Give either <modelsDirectory> with <data>"));
  }

  @Test
  void unknownActivation_listsTheChoices() throws Exception {
    CheckMojo mojo = mojo(VIOLATED);
    mojo.activation = "softmax";

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertThat(
        e.getMessage(),
        is("<activation> must be one of auto, probabilities, logits but was 'softmax'"));
  }

  @Test
  void includeThatIsNoGlob_isAConfigurationErrorNamingTheFolder() throws Exception {
    CheckMojo mojo = mojo(VIOLATED);
    mojo.includes = List.of("[*.tflite");

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertThat(e.getMessage(), startsWith("<includes>/<excludes> of " + mojo.modelsDirectory));
  }

  @Test
  void missingData_namesTheFileAndWhatWasExpected() throws Exception {
    CheckMojo mojo = mojo(VIOLATED);
    mojo.data = dir.resolve("nothing.npz").toFile();

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertThat(
        e.getMessage(),
        allOf(containsString("nothing.npz"), containsString("no such file: expected a dataset")));
  }

  @Test
  void budgetEntryMatchingNoModel_isAnErrorNamingIt() throws Exception {
    CheckMojo mojo = mojo("{\"variants\":{\"pruned\":{\"minAccuracy\":0.5}}}");

    MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);

    assertThat(e.getMessage(), allOf(containsString("budget.json"), containsString("pruned")));
    assertThat(Files.exists(mojo.outputFile.toPath()), is(false));
  }
}
