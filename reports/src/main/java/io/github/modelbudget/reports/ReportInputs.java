package io.github.modelbudget.reports;

import io.github.modelbudget.harness.results.InvalidRunRecordException;
import io.github.modelbudget.harness.results.RunRecord;
import io.github.modelbudget.harness.results.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

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
      throw new InvalidRunRecordException(file + ": cannot read the run record: " + e, e);
    }
    return RunRecords.read(file);
  }

  /**
   * Reads several run records (Surefire forks, CI shards) and merges them into one.
   *
   * @param files the run records, at least one
   * @return the merged record; the one record itself when only one is given
   * @throws InvalidRunRecordException if a file cannot be read, or the records cannot be merged
   *     (different datasets or baselines, or a variant in two of them); the message names the files
   * @throws IllegalArgumentException if no file is given
   */
  public static RunRecord readAll(List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no run record given: expected at least one file");
    }
    List<RunRecord> records = new ArrayList<>(files.size());
    for (Path file : files) {
      records.add(read(file));
    }
    try {
      return RunRecords.merge(records);
    } catch (InvalidRunRecordException e) {
      String names = files.stream().map(Path::toString).collect(Collectors.joining(", "));
      throw new InvalidRunRecordException(names + ": " + e.getMessage(), e);
    }
  }
}
