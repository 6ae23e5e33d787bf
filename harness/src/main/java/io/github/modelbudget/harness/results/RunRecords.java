package io.github.modelbudget.harness.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.github.modelbudget.harness.AtomicFiles;
import io.github.modelbudget.harness.InputFiles;
import io.github.modelbudget.harness.budget.BudgetOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Writes, reads and merges {@link RunRecord}s as JSON. */
public final class RunRecords {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .serializationInclusion(JsonInclude.Include.NON_ABSENT)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private RunRecords() {}

  /**
   * Writes a record atomically: to a temporary file in the same directory, then moved into place,
   * so that a reader never sees half a record.
   *
   * @param record the record
   * @param target the file to write; its directory is created if needed
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(RunRecord record, Path target) {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(target, "target");
    try {
      AtomicFiles.writeString(target, toJson(record));
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot write run record "
              + record.runId()
              + " to "
              + target
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /**
   * Reads a record.
   *
   * @param file the file
   * @return the record
   * @throws InvalidRunRecordException if the file is unreadable, malformed, of a newer schema
   *     version, or not a run record
   */
  public static RunRecord read(Path file) {
    InputFiles.requireRegularFile(
        file,
        problem ->
            new InvalidRunRecordException(file + ": cannot read the run record: " + problem, null));
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRunRecordException(
          file + ": cannot read the run record: " + InputFiles.describe(e), e);
    }
    return fromJson(file.toString(), json);
  }

  /**
   * Serialises a record to JSON.
   *
   * @param record the record
   * @return pretty-printed JSON
   */
  public static String toJson(RunRecord record) {
    try {
      return MAPPER.writeValueAsString(record) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a run record is always serialisable", e);
    }
  }

  /**
   * Parses a record from JSON.
   *
   * @param origin the file or resource it came from, for messages
   * @param json the text
   * @return the record
   * @throws InvalidRunRecordException if the text is malformed, of a newer schema version, or not a
   *     run record
   */
  public static RunRecord fromJson(String origin, String json) {
    checkSchemaVersion(origin, json);
    try {
      return MAPPER.readValue(json, RunRecord.class);
    } catch (JsonMappingException e) {
      String where =
          locate(json, e.getPath())
              .map(line -> origin + " line " + line + ": ")
              .orElseGet(() -> at(origin, e.getLocation()));
      throw new InvalidRunRecordException(
          where + "not a valid run record: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new InvalidRunRecordException(
          at(origin, e.getLocation()) + "not a valid run record: " + e.getOriginalMessage(), e);
    }
  }

  /** How {@link #merge(Map, MergeMode)} treats a variant name measured on two different models. */
  public enum MergeMode {
    /**
     * Such records cannot be merged: the error names both files. Records of the same measurement
     * (the same model and dataset digests, from forks or reruns) still merge into one.
     */
    STRICT,
    /**
     * The newest record wins: each variant name keeps its newest measurement, and records of
     * another dataset than the newest record's are left out.
     */
    LATEST
  }

  /**
   * Merges records strictly, naming each by its run id in messages.
   *
   * @param records the records, at least one
   * @return the merged record
   * @throws InvalidRunRecordException if the records cannot be merged
   * @see #merge(Map, MergeMode)
   */
  public static RunRecord merge(Collection<RunRecord> records) {
    Map<String, RunRecord> byOrigin = new LinkedHashMap<>();
    records.forEach(r -> byOrigin.putIfAbsent("run " + r.runId(), r));
    return merge(byOrigin, MergeMode.STRICT);
  }

  /**
   * Merges records (Surefire forks, reruns without {@code clean}, CI shards) into one.
   *
   * <p>A variant is identified by its name and its model's digest. Records of the same measurement,
   * the same model on the same dataset with the same runtime and XNNPACK setting, merge into one
   * variant: the newest evaluation, comparison and latency, and every distinct budget outcome of
   * them all. A name measured on two different models or datasets is an error naming both files,
   * unless {@code mode} is {@link MergeMode#LATEST}. Records with the same run id are taken once.
   *
   * @param records the records by the file (or other origin) they came from, for messages
   * @param mode what to do with a name measured on different models or datasets
   * @return one record holding every variant once, the baseline first; the record itself when only
   *     one is given
   * @throws InvalidRunRecordException if the records cannot be merged
   * @throws IllegalArgumentException if no record is given
   */
  public static RunRecord merge(Map<String, RunRecord> records, MergeMode mode) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    List<Map.Entry<String, RunRecord>> sources = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Map.Entry<String, RunRecord> entry : records.entrySet()) {
      if (ids.add(entry.getValue().runId())) {
        sources.add(entry);
      }
    }
    if (sources.size() == 1) {
      return sources.get(0).getValue();
    }
    // Oldest first, so that later records replace earlier ones.
    sources.sort(Comparator.comparing(e -> Instant.parse(e.getValue().timestamp())));
    Map.Entry<String, RunRecord> newest = sources.get(sources.size() - 1);
    if (mode == MergeMode.LATEST) {
      String dataset = newest.getValue().dataset().sha256();
      sources.removeIf(e -> !e.getValue().dataset().sha256().equals(dataset));
    } else {
      requireSameDataset(sources);
    }
    Optional<String> baseline = baseline(sources, mode);
    Map<String, Measured> variants = new LinkedHashMap<>();
    Set<ModelFailure> failures = new LinkedHashSet<>();
    Set<String> mergedFrom = new TreeSet<>();
    for (Map.Entry<String, RunRecord> source : sources) {
      RunRecord record = source.getValue();
      for (VariantRecord variant : record.variants()) {
        Measured earlier = variants.get(variant.name());
        Measured now = new Measured(source.getKey(), record.environment(), variant);
        if (earlier == null || mode == MergeMode.LATEST && !earlier.sameMeasurement(now)) {
          variants.put(variant.name(), now);
        } else if (earlier.sameMeasurement(now)) {
          variants.put(variant.name(), earlier.combinedWith(now));
        } else {
          throw new InvalidRunRecordException(earlier.conflictWith(now), null);
        }
      }
      failures.addAll(record.failures());
      if (record.mergedFrom().isEmpty()) {
        mergedFrom.add(record.runId());
      } else {
        mergedFrom.addAll(record.mergedFrom());
      }
    }
    failures.removeIf(
        f -> variants.containsKey(f.name()) && variants.get(f.name()).sha256().equals(f.sha256()));
    RunRecord latest = newest.getValue();
    String id =
        UUID.nameUUIDFromBytes(String.join(",", mergedFrom).getBytes(StandardCharsets.UTF_8))
            .toString();
    return new RunRecord(
        RunRecord.SCHEMA_VERSION,
        id,
        latest.timestamp(),
        baseline,
        latest.dataset(),
        latest.environment(),
        variants.values().stream().map(Measured::variant).toList(),
        List.copyOf(mergedFrom),
        List.copyOf(failures));
  }

  private static void requireSameDataset(List<Map.Entry<String, RunRecord>> sources) {
    Map.Entry<String, RunRecord> first = sources.get(0);
    for (Map.Entry<String, RunRecord> other : sources) {
      DatasetSummary a = first.getValue().dataset();
      DatasetSummary b = other.getValue().dataset();
      if (!a.sha256().equals(b.sha256())) {
        throw new InvalidRunRecordException(
            "cannot merge "
                + other.getKey()
                + " (dataset '"
                + b.name()
                + "' sha256 "
                + b.sha256()
                + ") with "
                + first.getKey()
                + " (dataset '"
                + a.name()
                + "' sha256 "
                + a.sha256()
                + "): they measured different datasets; report them separately, or merge with"
                + " --latest to keep only the newest dataset's",
            null);
      }
    }
  }

  private static Optional<String> baseline(
      List<Map.Entry<String, RunRecord>> sources, MergeMode mode) {
    Optional<String> baseline = Optional.empty();
    String from = null;
    for (Map.Entry<String, RunRecord> source : sources) {
      Optional<String> own = source.getValue().baseline();
      if (own.isEmpty()) {
        continue;
      }
      if (baseline.isPresent() && !baseline.equals(own) && mode == MergeMode.STRICT) {
        throw new InvalidRunRecordException(
            "cannot merge "
                + source.getKey()
                + ": its baseline is '"
                + own.get()
                + "' but the baseline of "
                + from
                + " is '"
                + baseline.get()
                + "'",
            null);
      }
      baseline = own;
      from = source.getKey();
    }
    return baseline;
  }

  /** A variant as one source measured it. */
  private record Measured(String origin, EnvironmentSummary environment, VariantRecord variant) {

    String sha256() {
      return variant.sha256();
    }

    boolean sameMeasurement(Measured other) {
      return variant.sha256().equals(other.variant.sha256())
          && environment.backend().equals(other.environment.backend())
          && environment.runtimeVersion().equals(other.environment.runtimeVersion())
          && environment.xnnpack() == other.environment.xnnpack();
    }

    /** The newer measurement, with every distinct budget outcome of both. */
    Measured combinedWith(Measured newer) {
      VariantRecord merged = newer.variant.withoutBudgets();
      Set<BudgetOutcome> outcomes = new LinkedHashSet<>(variant.budgets());
      outcomes.addAll(newer.variant.budgets());
      for (BudgetOutcome outcome : outcomes) {
        merged = merged.withBudget(outcome);
      }
      if (merged.latency().isEmpty() && variant.latency().isPresent()) {
        merged = merged.withLatency(variant.latency().get());
      }
      if (merged.comparison().isEmpty() && variant.comparison().isPresent()) {
        merged = merged.withComparison(variant.comparison().get());
      }
      return new Measured(newer.origin, newer.environment, merged);
    }

    String conflictWith(Measured newer) {
      String what =
          variant.sha256().equals(newer.variant.sha256())
              ? "the same model measured with different settings ("
                  + describe(environment)
                  + " vs "
                  + describe(newer.environment)
                  + ")"
              : "two different models (sha256 "
                  + variant.sha256()
                  + " in "
                  + origin
                  + ", "
                  + newer.variant.sha256()
                  + " in "
                  + newer.origin
                  + ")";
      return "cannot merge "
          + newer.origin
          + " with "
          + origin
          + ": variant '"
          + variant.name()
          + "' is "
          + what
          + "; delete the older record (e.g. mvn clean), or merge with --latest to keep the"
          + " newest";
    }

    private static String describe(EnvironmentSummary e) {
      return e.backend() + " " + e.runtimeVersion() + ", xnnpack " + e.xnnpack();
    }
  }

  /** Finds {@code schemaVersion} at the top level first, so a newer file gets a clear message. */
  private static void checkSchemaVersion(String origin, String json) {
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRunRecordException(
            at(origin, parser.currentTokenLocation())
                + "a run record is a JSON object but this starts with "
                + parser.currentToken(),
            null);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("schemaVersion".equals(name)) {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidRunRecordException(
                at(origin, parser.currentTokenLocation())
                    + "schemaVersion must be a whole number but is "
                    + parser.getText(),
                null);
          }
          int version = parser.getIntValue();
          if (version > RunRecord.SCHEMA_VERSION || version < 1) {
            throw new InvalidRunRecordException(
                at(origin, parser.currentTokenLocation())
                    + "schemaVersion "
                    + version
                    + " is not supported: this version of ModelBudget reads versions 1 to "
                    + RunRecord.SCHEMA_VERSION
                    + (version > RunRecord.SCHEMA_VERSION
                        ? "; upgrade ModelBudget to read it"
                        : ""),
                null);
          }
          return;
        }
        parser.skipChildren();
      }
      throw new InvalidRunRecordException(
          origin + ": not a run record: it has no top-level schemaVersion", null);
    } catch (JsonProcessingException e) {
      throw new InvalidRunRecordException(
          at(origin, e.getLocation()) + "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Finds the line of the value a mapping error is about. Records are built from buffered
   * properties, so Jackson's own location is the end of the object, not the offending field.
   */
  private static Optional<Integer> locate(String json, List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference reference : path) {
      pointer.append('/');
      pointer.append(
          reference.getFieldName() != null
              ? reference.getFieldName().replace("~", "~0").replace("/", "~1")
              : Integer.toString(reference.getIndex()));
    }
    JsonPointer target = JsonPointer.compile(pointer.toString());
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        JsonPointer here = parser.getParsingContext().pathAsPointer();
        if (here.equals(target)) {
          return Optional.of(parser.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String at(String origin, JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? origin + ": "
        : origin + " line " + location.getLineNr() + ": ";
  }
}
