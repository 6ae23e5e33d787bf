package io.github.modelbudget.harness.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the Quick, Draw! {@code simplified} drawings: {@code .ndjson} files with one JSON object
 * per line, e.g.
 *
 * <pre>{@code
 * {"word":"cat","countrycode":"DE","timestamp":"2017-03-01 20:41:36.70725 UTC","recognized":true,
 *  "key_id":"5201136883597312","drawing":[[[0,20,40],[10,12,11]],[[5,5],[0,80]]]}
 * }</pre>
 *
 * <p>{@code drawing} is required: a list of strokes, each {@code [[x0, x1, …], [y0, y1, …]]} in the
 * 0..255 box (a third list, the timings of the {@code raw} files, is ignored). The other fields are
 * optional. The file is read line by line, so only one drawing is in memory at a time when {@link
 * #forEach} is used; blank lines are skipped. A malformed line raises an {@link
 * InvalidDataException} naming the file and the line number.
 */
public final class QuickDrawStrokeReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private QuickDrawStrokeReader() {}

  /**
   * Reads the drawings of a file.
   *
   * @param file the {@code .ndjson} file
   * @param maxDrawings the most drawings to read, from the start of the file
   * @return the drawings in file order
   * @throws InvalidDataException if the file is missing, unreadable or has a malformed line
   */
  public static List<QuickDrawDrawing> read(Path file, int maxDrawings) {
    List<QuickDrawDrawing> drawings = new ArrayList<>();
    forEach(file, maxDrawings, drawings::add);
    return List.copyOf(drawings);
  }

  /**
   * Renders the drawings of a file into bitmaps, one drawing in memory at a time.
   *
   * @param file the {@code .ndjson} file
   * @param maxDrawings the most drawings to read, from the start of the file
   * @param renderer the renderer
   * @return {@code count × size²} values, one bitmap after the other
   * @throws InvalidDataException if the file is missing, unreadable or has a malformed line
   */
  public static float[] render(Path file, int maxDrawings, StrokeRenderer renderer) {
    List<float[]> bitmaps = new ArrayList<>();
    forEach(file, maxDrawings, drawing -> bitmaps.add(renderer.render(drawing.strokes())));
    int pixels = renderer.size() * renderer.size();
    float[] all = new float[bitmaps.size() * pixels];
    for (int i = 0; i < bitmaps.size(); i++) {
      System.arraycopy(bitmaps.get(i), 0, all, i * pixels, pixels);
    }
    return all;
  }

  /**
   * Passes each drawing of a file to an action, in file order.
   *
   * @param file the {@code .ndjson} file
   * @param maxDrawings the most drawings to read, at least 1
   * @param action what to do with each drawing
   * @return the number of drawings read
   * @throws InvalidDataException if the file is missing, unreadable or has a malformed line
   */
  public static int forEach(Path file, int maxDrawings, Consumer<QuickDrawDrawing> action) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(action, "action");
    if (maxDrawings < 1) {
      throw new IllegalArgumentException("maxDrawings must be at least 1 but was " + maxDrawings);
    }
    InputFiles.requireRegularFile(
        file, problem -> new InvalidDataException(file.toString(), problem));
    int count = 0;
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (count < maxDrawings && (line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        action.accept(parse(file, lineNumber, line));
        count++;
      }
    } catch (IOException e) {
      throw new InvalidDataException(
          file.toString(),
          "cannot read line " + (lineNumber + 1) + ": " + InputFiles.describe(e),
          e);
    }
    return count;
  }

  private static QuickDrawDrawing parse(Path file, int lineNumber, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      throw problem(file, lineNumber, "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw problem(file, lineNumber, "expected a JSON object but found " + kind(node));
    }
    JsonNode drawing = node.get("drawing");
    if (drawing == null) {
      throw problem(file, lineNumber, "the field 'drawing' is missing");
    }
    if (!drawing.isArray()) {
      throw problem(
          file, lineNumber, "'drawing' must be a list of strokes but is " + kind(drawing));
    }
    List<Stroke> strokes = new ArrayList<>(drawing.size());
    for (int s = 0; s < drawing.size(); s++) {
      strokes.add(stroke(file, lineNumber, s, drawing.get(s)));
    }
    return new QuickDrawDrawing(
        text(node, "word"),
        text(node, "countrycode"),
        text(node, "timestamp"),
        Optional.ofNullable(node.get("recognized"))
            .filter(JsonNode::isBoolean)
            .map(JsonNode::booleanValue),
        text(node, "key_id"),
        strokes);
  }

  private static Stroke stroke(Path file, int lineNumber, int index, JsonNode stroke) {
    if (!stroke.isArray() || stroke.size() < 2 || stroke.size() > 3) {
      throw problem(
          file,
          lineNumber,
          "stroke " + index + " must be [[xs], [ys]] but is " + abbreviate(stroke.toString()));
    }
    float[] xs = coordinates(file, lineNumber, index, "x", stroke.get(0));
    float[] ys = coordinates(file, lineNumber, index, "y", stroke.get(1));
    if (xs.length != ys.length) {
      throw problem(
          file,
          lineNumber,
          "stroke " + index + " has " + xs.length + " x but " + ys.length + " y coordinates");
    }
    if (xs.length == 0) {
      throw problem(file, lineNumber, "stroke " + index + " has no points");
    }
    return Stroke.of(xs, ys);
  }

  private static float[] coordinates(
      Path file, int lineNumber, int index, String axis, JsonNode values) {
    if (!values.isArray()) {
      throw problem(
          file,
          lineNumber,
          "the "
              + axis
              + " coordinates of stroke "
              + index
              + " must be a list but are "
              + kind(values));
    }
    float[] coordinates = new float[values.size()];
    for (int i = 0; i < coordinates.length; i++) {
      JsonNode value = values.get(i);
      if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
        throw problem(
            file,
            lineNumber,
            axis
                + " coordinate "
                + i
                + " of stroke "
                + index
                + " must be a number but is "
                + abbreviate(value.toString()));
      }
      coordinates[i] = value.floatValue();
    }
    return coordinates;
  }

  private static Optional<String> text(JsonNode node, String field) {
    return Optional.ofNullable(node.get(field)).filter(JsonNode::isValueNode).map(JsonNode::asText);
  }

  private static InvalidDataException problem(Path file, int lineNumber, String problem) {
    return new InvalidDataException(file.toString(), "line " + lineNumber + ": " + problem);
  }

  private static String kind(JsonNode node) {
    return node == null
        ? "nothing"
        : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
