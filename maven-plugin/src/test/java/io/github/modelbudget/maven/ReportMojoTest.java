package io.github.modelbudget.maven;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report goal run in process: no records, and two records that disagree on a name. */
class ReportMojoTest {

  @TempDir Path dir;
  final RecordingLog log = new RecordingLog();

  ReportMojo mojo() {
    ReportMojo mojo = new ReportMojo();
    mojo.setLog(log);
    mojo.recordsDirectory = dir.resolve("target/modelbudget").toFile();
    mojo.records = "*.json";
    mojo.htmlFile = dir.resolve("target/modelbudget/report.html").toFile();
    mojo.markdownFile = dir.resolve("target/modelbudget/summary.md").toFile();
    mojo.failIfNoRecords = true;
    return mojo;
  }

  @Test
  void noRecords_withFailIfNoRecordsFalse_warnsAndWritesNothing() throws Exception {
    ReportMojo mojo = mojo();
    mojo.failIfNoRecords = false;

    mojo.execute();

    assertThat(log.lines, hasItem(startsWith("[WARNING] No run record matches *.json in ")));
    assertThat(Files.exists(mojo.htmlFile.toPath()), is(false));
  }

  @Test
  void noRecords_whenTestsWereSkipped_warnsInsteadOfFailing() throws Exception {
    ReportMojo mojo = mojo();
    mojo.skipTests = true;

    mojo.execute();

    assertThat(log.lines, hasItem(containsString("(tests were skipped; no report written)")));
  }

  @Test
  void oneNameOnTwoModels_failsNamingBothFiles_unlessLatest() throws Exception {
    // Two checks of a family whose "good" is another model the second time (a stale record).
    writeCheck("first", "good");
    writeCheck("second", "drifted");
    ReportMojo strict = mojo();

    MojoExecutionException e = assertThrows(MojoExecutionException.class, strict::execute);

    assertThat(e.getMessage(), allOf(containsString("first.json"), containsString("second.json")));
    ReportMojo latest = mojo();
    latest.latest = true;
    latest.execute();
    assertThat(Files.readString(latest.markdownFile.toPath()), containsString("good"));
    assertThat(Files.readString(latest.htmlFile.toPath()), startsWith("<!DOCTYPE html>"));
  }

  private void writeCheck(String name, String goodIs) throws Exception {
    Path models = Files.createDirectories(dir.resolve(name));
    Files.write(models.resolve("baseline.tflite"), ItFixtures.model("baseline"));
    Files.write(models.resolve("good.tflite"), ItFixtures.model(goodIs));
    Datasets.writeNpz(ItFixtures.dataset(), dir.resolve("test.npz"));
    Path budget = Files.writeString(dir.resolve("budget.json"), "{\"default\":{}}");
    CheckMojo check = new CheckMojo();
    check.setLog(log);
    check.budgetFile = budget.toFile();
    check.modelsDirectory = models.toFile();
    check.includes = List.of("*.tflite");
    check.baseline = "baseline";
    check.data = dir.resolve("test.npz").toFile();
    check.threads = 1;
    check.batch = 64;
    check.xnnpack = true;
    check.threshold = 0.5;
    check.activation = "auto";
    check.latencyRuns = 200;
    check.failOnViolation = true;
    check.outputFile = dir.resolve("target/modelbudget/" + name + ".json").toFile();
    check.execute();
  }
}
