package io.github.modelbudget.reports;

import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.results.RunRecord;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes a run's {@link RunSummary} as JSON, for machines: a CI step that reads the verdict, a
 * dashboard that plots sizes over time.
 */
public final class JsonSummary {

  private JsonSummary() {}

  /**
   * Renders the summary of a run as indented JSON; values that were not measured are left out.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @return the JSON text
   */
  public static String render(RunRecord record, Optional<RunRecord> previous) {
    return render(RunSummary.of(record, previous));
  }

  /**
   * Renders a summary as indented JSON.
   *
   * @param summary the summary
   * @return the JSON text
   */
  public static String render(RunSummary summary) {
    return Json.pretty(summary);
  }

  /**
   * Writes the summary of a run atomically.
   *
   * @param record the run
   * @param previous a previous run to compare with, if any
   * @param out the file to write; its directory is created if needed
   * @throws java.io.UncheckedIOException if the file cannot be written; nothing is left behind
   */
  public static void write(RunRecord record, Optional<RunRecord> previous, Path out) {
    AtomicFiles.writeString(out, render(record, previous));
  }
}
