package io.github.modelbudget.reports;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.harness.results.VariantRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken inputs give a typed error naming the file, and leave no report behind. */
class BadInputTest {

  private static RunRecord run;

  @BeforeAll
  static void evaluate() {
    run = RunFixtures.realRun();
  }

  /** Reads the inputs and writes the three outputs, as the CLI does. */
  private static void report(List<Path> inputs, Path out) {
    ReportFiles.in(out).write(ReportInputs.readAll(inputs), Optional.empty());
  }

  private static List<String> listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Nested
  @DisplayName("a broken run record")
  class BrokenRecord {

    @Test
    void missingFile_namesFile_noReport(@TempDir Path dir) throws IOException {
      Path missing = dir.resolve("nowhere.json");
      Path out = dir.resolve("report");

      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> report(List.of(missing), out));

      assertThat(e.getMessage(), allOf(startsWith(missing.toString()), containsString("no such")));
      assertThat(listing(out), empty());
    }

    @Test
    void emptyFile_namesFile_noReport(@TempDir Path dir) throws IOException {
      Path empty = Files.createFile(dir.resolve("empty.json"));
      Path out = dir.resolve("report");

      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> report(List.of(empty), out));

      assertThat(e.getMessage(), allOf(startsWith(empty.toString()), containsString("empty")));
      assertThat(listing(out), empty());
    }

    @Test
    void truncatedFile_namesFileAndLine_noReport(@TempDir Path dir) throws IOException {
      String json = RunRecords.toJson(run);
      Path truncated = dir.resolve("truncated.json");
      Files.writeString(truncated, json.substring(0, json.length() / 2), StandardCharsets.UTF_8);
      Path out = dir.resolve("report");

      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> report(List.of(truncated), out));

      assertThat(
          e.getMessage(), allOf(startsWith(truncated + " line "), containsString("end-of-input")));
      assertThat(listing(out), empty());
    }

    @Test
    void newerSchemaVersion_namesFileAndVersion_noReport(@TempDir Path dir) throws IOException {
      Path newer = dir.resolve("newer.json");
      Files.writeString(
          newer,
          RunRecords.toJson(run).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 99"),
          StandardCharsets.UTF_8);
      Path out = dir.resolve("report");

      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> report(List.of(newer), out));

      assertThat(
          e.getMessage(), allOf(startsWith(newer.toString()), containsString("schemaVersion 99")));
      assertThat(listing(out), empty());
    }

    @Test
    void notARunRecord_namesFile(@TempDir Path dir) throws IOException {
      Path other = dir.resolve("package.json");
      Files.writeString(other, "{\"name\": \"left-pad\"}", StandardCharsets.UTF_8);

      ModelBudgetException e =
          assertThrows(ModelBudgetException.class, () -> ReportInputs.read(other));

      assertThat(e.getMessage(), startsWith(other.toString()));
    }

    @Test
    void directory_namesIt(@TempDir Path dir) {
      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> ReportInputs.read(dir));

      assertThat(e.getMessage(), allOf(startsWith(dir.toString()), containsString("directory")));
    }
  }

  @Nested
  @DisplayName("records that cannot be merged")
  class Unmergeable {

    @Test
    void sameNameOnAnotherModel_namesBothFiles_noReport(@TempDir Path dir) throws IOException {
      Path a = dir.resolve("fork-1.json");
      Path b = dir.resolve("fork-2.json");
      RunRecords.write(run, a);
      List<VariantRecord> changed = new ArrayList<>(run.variants());
      VariantRecord v = changed.get(0);
      changed.set(
          0,
          new VariantRecord(
              v.name(),
              "0".repeat(64),
              v.sizes(),
              v.inspection(),
              v.evaluation(),
              v.comparison(),
              v.budgets(),
              v.latency(),
              v.predictions()));
      RunRecords.write(RunFixtures.withVariants(run, changed), b);
      Path out = dir.resolve("report");

      InvalidRunRecordException e =
          assertThrows(InvalidRunRecordException.class, () -> report(List.of(a, b), out));

      assertThat(
          e.getMessage(),
          allOf(
              containsString(a.toString()),
              containsString(b.toString()),
              containsString("'" + v.name() + "' is two different models")));
      assertThat(listing(out), empty());
    }

    @Test
    void sameMeasurementTwice_forks_mergeIntoOneReport(@TempDir Path dir) throws IOException {
      Path a = dir.resolve("fork-1.json");
      Path b = dir.resolve("fork-2.json");
      RunRecords.write(run, a);
      RunRecords.write(RunFixtures.withVariants(run, run.variants()), b);

      RunRecord merged = ReportInputs.readAll(List.of(a, b));

      assertThat(merged.variants().size(), is(run.variants().size()));
    }

    @Test
    void noFiles_rejected() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ReportInputs.readAll(List.of()));

      assertThat(e.getMessage(), containsString("at least one"));
    }
  }

  @Nested
  @DisplayName("an output that cannot be written")
  class Unwritable {

    @Test
    void outputDirectoryIsAFile_failsLeavingNoTempFile(@TempDir Path dir) throws IOException {
      Path blocker = Files.writeString(dir.resolve("blocker"), "x");
      Path out = blocker.resolve("report.html");

      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class, () -> HtmlReport.write(run, Optional.empty(), out));

      assertThat(e.getMessage(), containsString(out.toString()));
      assertThat(listing(dir), org.hamcrest.Matchers.contains("blocker"));
    }

    @Test
    void existingReport_replacedWholeNoTempFileLeft(@TempDir Path dir) throws IOException {
      Path out = dir.resolve("report.html");
      Files.writeString(out, "old");

      HtmlReport.write(run, Optional.empty(), out);

      assertThat(Files.readString(out), startsWith("<!DOCTYPE html>"));
      assertThat(listing(dir), org.hamcrest.Matchers.contains("report.html"));
    }
  }
}
