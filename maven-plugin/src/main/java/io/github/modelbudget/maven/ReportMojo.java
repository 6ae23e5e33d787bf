package io.github.modelbudget.maven;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.InputFiles;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import io.github.modelbudget.reports.HtmlReport;
import io.github.modelbudget.reports.MarkdownSummary;
import io.github.modelbudget.reports.ReportInputs;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Merges the run records of a build ({@code target/modelbudget/*.json}, written by the tests'
 * {@code @ModelBudget} extension in every Surefire fork, and by the {@code check} goal) into one
 * self-contained {@code report.html} and a Markdown {@code summary.md}, as {@code modelbudget
 * report} does: records of the same model on the same data become one variant with every budget
 * outcome; a name measured on two different models or datasets is an error naming both files,
 * unless {@link #latest} keeps the newest.
 *
 * <p>No record is a build failure by default: the goal is bound where tests are expected to write
 * records, and a report that silently is not written hides tests that never ran (a wrong {@code
 * dir}, a filtered test class). With {@code -DskipTests} or {@code -Dmaven.test.skip} no record is
 * expected, and the goal skips with a warning; {@link #failIfNoRecords} {@code false} turns the
 * failure into a warning.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class ReportMojo extends AbstractMojo {

  /** The folder of run records. */
  @Parameter(
      property = "modelbudget.recordsDirectory",
      defaultValue = "${project.build.directory}/modelbudget")
  File recordsDirectory;

  /** The glob of run record file names in {@link #recordsDirectory}. */
  @Parameter(property = "modelbudget.records", defaultValue = "*.json")
  String records;

  /** The HTML report. */
  @Parameter(
      property = "modelbudget.html",
      defaultValue = "${project.build.directory}/modelbudget/report.html")
  File htmlFile;

  /** The Markdown summary (e.g. for {@code $GITHUB_STEP_SUMMARY}). */
  @Parameter(
      property = "modelbudget.markdown",
      defaultValue = "${project.build.directory}/modelbudget/summary.md")
  File markdownFile;

  /** An earlier run record to compare with, e.g. the main branch's. */
  @Parameter(property = "modelbudget.previous")
  File previous;

  /**
   * Where a variant name was measured on two different models or datasets (an old record left by a
   * rerun without {@code clean}), keep the newest instead of failing.
   */
  @Parameter(property = "modelbudget.latest", defaultValue = "false")
  boolean latest;

  /** Fail when {@link #recordsDirectory} holds no record; {@code false} warns and skips. */
  @Parameter(property = "modelbudget.failIfNoRecords", defaultValue = "true")
  boolean failIfNoRecords;

  /** Skip the report. */
  @Parameter(property = "modelbudget.skip", defaultValue = "false")
  boolean skip;

  /** Surefire's {@code skipTests}: no test ran, so no record is expected. */
  @Parameter(property = "skipTests", defaultValue = "false", readonly = true)
  boolean skipTests;

  /** {@code maven.test.skip}: no test was compiled or run, so no record is expected. */
  @Parameter(property = "maven.test.skip", defaultValue = "false", readonly = true)
  boolean skipTestCompilation;

  /** Creates the goal; Maven sets the parameters. */
  public ReportMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping the model budget report (modelbudget.skip)");
      return;
    }
    List<Path> files = recordFiles();
    if (files.isEmpty()) {
      String problem =
          "No run record matches "
              + records
              + " in "
              + recordsDirectory
              + ": expected the JSON files that @ModelBudget tests (or the check goal) write"
              + " there; found "
              + (Files.isDirectory(recordsDirectory.toPath()) ? "none" : "no such folder");
      if (skipTests || skipTestCompilation) {
        getLog().warn(problem + " (tests were skipped; no report written)");
        return;
      }
      if (!failIfNoRecords) {
        getLog().warn(problem + " (failIfNoRecords is false; no report written)");
        return;
      }
      throw new MojoFailureException(
          problem
              + ". Check that the tests ran and that modelbudget.results.dir points here, or set"
              + " <failIfNoRecords>false</failIfNoRecords>");
    }
    try {
      RunRecord merged =
          ReportInputs.readAll(
              files, latest ? RunRecords.MergeMode.LATEST : RunRecords.MergeMode.STRICT);
      Optional<RunRecord> before =
          Optional.ofNullable(previous).map(p -> ReportInputs.read(p.toPath()));
      // The report and its summary are one set: both are rendered, then both written.
      Map<Path, byte[]> out = new LinkedHashMap<>();
      out.put(
          htmlFile.toPath(), HtmlReport.render(merged, before).getBytes(StandardCharsets.UTF_8));
      out.put(
          markdownFile.toPath(),
          MarkdownSummary.render(merged, before).getBytes(StandardCharsets.UTF_8));
      AtomicFiles.writeAll(out);
      getLog()
          .info(
              "Model budget report of "
                  + merged.variants().size()
                  + " variant(s) from "
                  + files.size()
                  + " run record(s): "
                  + htmlFile
                  + " and "
                  + markdownFile);
    } catch (ModelBudgetException | UncheckedIOException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /** The records, sorted by name so the merge is the same on every machine; never the baseline. */
  private List<Path> recordFiles() throws MojoExecutionException {
    Path dir = recordsDirectory.toPath();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, records)) {
      for (Path file : listing) {
        boolean isPrevious =
            previous != null
                && Files.exists(previous.toPath())
                && Files.isSameFile(file, previous.toPath());
        if (Files.isRegularFile(file) && !isPrevious) {
          found.add(file);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new MojoExecutionException(
          recordsDirectory
              + ": cannot list the run records matching "
              + records
              + ": "
              + (e instanceof IOException io ? InputFiles.describe(io) : e.getMessage()),
          e);
    }
    found.sort(null);
    return found;
  }
}
