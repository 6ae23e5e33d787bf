package io.github.modelbudget.reports;

import io.github.modelbudget.harness.InputFiles;
import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the run records a report is built from, and merges shards into one. */
public final class ReportInputs {

  private ReportInputs() {}

  /**
   * Reads one run record, with a clear message for a missing, empty or broken file.
   *
   * @param file the run record
   * @return the record
   * @throws InvalidRunRecordException if the file is missing, empty, malformed, or of a schema
   *     version this library does not read; the message starts with the file
   */
  public static RunRecord read(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new InvalidRunRecordException(
          file + ": no such run record: expected a JSON file written by ModelBudget", null);
    }
    if (Files.isDirectory(file)) {
      throw new InvalidRunRecordException(
          file + ": is a directory: expected a run record JSON file", null);
    }
    try {
      if (Files.size(file) == 0) {
        throw new InvalidRunRecordException(
            file + ": the run record is empty: expected a JSON object with a schemaVersion", null);
      }
    } catch (IOException e) {
      throw new InvalidRunRecordException(
          file + ": cannot read the run record: " + InputFiles.describe(e), e);
    }
    return RunRecords.read(file);
  }

  /**
   * Reads several run records (Surefire forks, reruns, CI shards) and merges them strictly: records
   * of the same measurement merge, a variant name measured on two different models is an error.
   *
   * @param files the run records, at least one
   * @return the merged record; the one record itself when only one is given
   * @throws InvalidRunRecordException if a file cannot be read, or the records cannot be merged;
   *     the message names the files
   * @throws IllegalArgumentException if no file is given
   */
  public static RunRecord readAll(List<Path> files) {
    return readAll(files, RunRecords.MergeMode.STRICT);
  }

  /**
   * Reads several run records and merges them ({@link RunRecords#merge(Map,
   * RunRecords.MergeMode)}).
   *
   * @param files the run records, at least one
   * @param mode whether a name measured on two different models is an error or the newest wins
   * @return the merged record
   * @throws InvalidRunRecordException if a file cannot be read, or the records cannot be merged;
   *     the message names the files
   * @throws IllegalArgumentException if no file is given
   */
  public static RunRecord readAll(List<Path> files, RunRecords.MergeMode mode) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no run record given: expected at least one file");
    }
    Map<String, RunRecord> records = new LinkedHashMap<>();
    for (Path file : files) {
      records.put(file.toString(), read(file));
    }
    return RunRecords.merge(records, mode);
  }
}
