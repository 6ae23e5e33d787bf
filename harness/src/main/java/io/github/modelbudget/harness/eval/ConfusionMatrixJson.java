package io.github.modelbudget.harness.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link ConfusionMatrix}: {@code {"classNames": [...], "counts": [[...], ...]}}
 * with every cell up to {@value ConfusionMatrix#DENSE_MAX_CLASSES} classes, and above that only the
 * cells that are not zero, {@code {"classNames": [...], "cells": [[actual, predicted, count],
 * ...]}}, row by row: a 1001-class matrix of 50,000 samples has at most 50,000 such cells instead
 * of a million. Both forms are read whatever the class count.
 */
final class ConfusionMatrixJson {

  private ConfusionMatrixJson() {}

  /** Writes the dense or the sparse form. */
  static final class Serializer extends StdSerializer<ConfusionMatrix> {

    Serializer() {
      super(ConfusionMatrix.class);
    }

    @Override
    public void serialize(ConfusionMatrix matrix, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeStartObject();
      out.writeArrayFieldStart("classNames");
      for (String name : matrix.classNames()) {
        out.writeString(name);
      }
      out.writeEndArray();
      int k = matrix.classNames().size();
      if (k <= ConfusionMatrix.DENSE_MAX_CLASSES) {
        out.writeArrayFieldStart("counts");
        for (List<Long> row : matrix.counts()) {
          out.writeStartArray();
          for (long cell : row) {
            out.writeNumber(cell);
          }
          out.writeEndArray();
        }
      } else {
        out.writeArrayFieldStart("cells");
        try {
          matrix.forEachNonZero(
              (actual, predicted, count) -> {
                try {
                  out.writeArray(new long[] {actual, predicted, count}, 0, 3);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
      out.writeEndArray();
      out.writeEndObject();
    }
  }

  /** Reads either form, refusing anything else with the reason. */
  static final class Deserializer extends StdDeserializer<ConfusionMatrix> {

    Deserializer() {
      super(ConfusionMatrix.class);
    }

    @Override
    public ConfusionMatrix deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode node = parser.readValueAsTree();
      if (node == null || !node.isObject()) {
        throw mismatch(parser, "a confusion matrix must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        String field = it.next().getKey();
        if (!List.of("classNames", "counts", "cells").contains(field)) {
          throw mismatch(parser, "a confusion matrix has no field '" + field + "'");
        }
      }
      List<String> names = new ArrayList<>();
      for (JsonNode name : array(parser, node, "classNames")) {
        if (!name.isTextual()) {
          throw mismatch(parser, "classNames must be strings but one is " + name);
        }
        names.add(name.asText());
      }
      boolean dense = node.has("counts");
      if (dense == node.has("cells")) {
        throw mismatch(parser, "a confusion matrix needs either counts or cells, not both or none");
      }
      try {
        return dense
            ? new ConfusionMatrix(names, denseCounts(parser, array(parser, node, "counts")))
            : new ConfusionMatrix(names, fromCells(parser, names.size(), node.get("cells")));
      } catch (IllegalArgumentException e) {
        throw mismatch(parser, "invalid confusion matrix: " + e.getMessage());
      }
    }

    private static JsonNode array(JsonParser parser, JsonNode node, String field)
        throws JsonMappingException {
      JsonNode value = node.get(field);
      if (value == null || !value.isArray()) {
        throw mismatch(parser, "a confusion matrix's " + field + " must be an array");
      }
      return value;
    }

    private static List<List<Long>> denseCounts(JsonParser parser, JsonNode rows)
        throws JsonMappingException {
      List<List<Long>> counts = new ArrayList<>(rows.size());
      for (JsonNode row : rows) {
        if (!row.isArray()) {
          throw mismatch(parser, "every row of counts must be an array but one is " + row);
        }
        List<Long> cells = new ArrayList<>(row.size());
        for (JsonNode cell : row) {
          cells.add(count(parser, cell));
        }
        counts.add(cells);
      }
      return counts;
    }

    private static List<List<Long>> fromCells(JsonParser parser, int k, JsonNode cells)
        throws JsonMappingException {
      if (!cells.isArray()) {
        throw mismatch(parser, "a confusion matrix's cells must be an array");
      }
      // Sorted by (actual, predicted) without a k × k array: the class count is not bounded by the
      // size of the input.
      long[][] byKey = new long[cells.size()][];
      int n = 0;
      for (JsonNode cell : cells) {
        if (!cell.isArray() || cell.size() != 3) {
          throw mismatch(
              parser, "every cell must be [actual, predicted, count] but one is " + cell);
        }
        int actual = index(parser, cell.get(0), k);
        int predicted = index(parser, cell.get(1), k);
        byKey[n++] = new long[] {(long) actual * k + predicted, count(parser, cell.get(2))};
      }
      Arrays.sort(byKey, Comparator.comparingLong(cell -> cell[0]));
      long[] keys = new long[n];
      long[] counts = new long[n];
      for (int i = 0; i < n; i++) {
        if (i > 0 && byKey[i][0] == byKey[i - 1][0]) {
          throw mismatch(
              parser,
              "two cells are ["
                  + byKey[i][0] / k
                  + ", "
                  + byKey[i][0] % k
                  + "]; each is listed once");
        }
        keys[i] = byKey[i][0];
        counts[i] = byKey[i][1];
      }
      return ConfusionMatrix.sparseRows(k, keys, counts);
    }

    private static int index(JsonParser parser, JsonNode value, int k) throws JsonMappingException {
      if (!value.canConvertToInt()
          || !value.isIntegralNumber()
          || value.asInt() < 0
          || value.asInt() >= k) {
        throw mismatch(
            parser, "a cell's class must be a whole number in [0, " + k + ") but is " + value);
      }
      return value.asInt();
    }

    private static long count(JsonParser parser, JsonNode value) throws JsonMappingException {
      if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
        throw mismatch(parser, "a count must be a whole number of at least 0 but is " + value);
      }
      return value.asLong();
    }

    private static JsonMappingException mismatch(JsonParser parser, String message) {
      return JsonMappingException.from(parser, message);
    }
  }
}
