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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRunRecordException(file + ": cannot read the run record: " + e, e);
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

  /**
   * Merges records of the same dataset (shards of one run, or runs of different variants) into one.
   * Records with the same run id are taken once.
   *
   * @param records the records, at least one
   * @return one record holding every variant, with a run id derived from the merged ones
   * @throws InvalidRunRecordException if the datasets or baselines differ, or two records hold a
   *     variant of the same name
   */
  public static RunRecord merge(Collection<RunRecord> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("nothing to merge");
    }
    Map<String, RunRecord> byId = new LinkedHashMap<>();
    records.forEach(r -> byId.putIfAbsent(r.runId(), r));
    RunRecord first = byId.values().iterator().next();
    Optional<String> baseline = Optional.empty();
    List<VariantRecord> variants = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> sources = new TreeSet<>();
    Instant latest = Instant.EPOCH;
    for (RunRecord record : byId.values()) {
      if (!record.dataset().sha256().equals(first.dataset().sha256())) {
        throw new InvalidRunRecordException(
            "cannot merge run "
                + record.runId()
                + " (dataset '"
                + record.dataset().name()
                + "' sha256 "
                + record.dataset().sha256()
                + ") with run "
                + first.runId()
                + " (dataset '"
                + first.dataset().name()
                + "' sha256 "
                + first.dataset().sha256()
                + "): they measured different datasets",
            null);
      }
      if (record.baseline().isPresent()) {
        if (baseline.isPresent() && !baseline.equals(record.baseline())) {
          throw new InvalidRunRecordException(
              "cannot merge run "
                  + record.runId()
                  + ": its baseline is '"
                  + record.baseline().get()
                  + "' but another run's is '"
                  + baseline.get()
                  + "'",
              null);
        }
        baseline = record.baseline();
      }
      for (VariantRecord variant : record.variants()) {
        if (!names.add(variant.name())) {
          throw new InvalidRunRecordException(
              "cannot merge run "
                  + record.runId()
                  + ": variant '"
                  + variant.name()
                  + "' is already in another of the merged runs",
              null);
        }
        variants.add(variant);
      }
      if (record.mergedFrom().isEmpty()) {
        sources.add(record.runId());
      } else {
        sources.addAll(record.mergedFrom());
      }
      Instant time = Instant.parse(record.timestamp());
      latest = time.isAfter(latest) ? time : latest;
    }
    if (byId.size() == 1) {
      return first;
    }
    String id =
        UUID.nameUUIDFromBytes(String.join(",", sources).getBytes(StandardCharsets.UTF_8))
            .toString();
    return new RunRecord(
        RunRecord.SCHEMA_VERSION,
        id,
        latest.toString(),
        baseline,
        first.dataset(),
        first.environment(),
        variants,
        List.copyOf(sources));
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
