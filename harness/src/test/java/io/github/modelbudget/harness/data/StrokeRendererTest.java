package io.github.modelbudget.harness.data;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Renders drawings whose bitmaps have known properties. */
class StrokeRendererTest {

  private static final int SIDE = 28;

  private final StrokeRenderer renderer = StrokeRenderer.quickDrawBitmaps();

  private static Stroke line(float x0, float y0, float x1, float y1) {
    return Stroke.of(new float[] {x0, x1}, new float[] {y0, y1});
  }

  private static double sum(float[] bitmap) {
    double sum = 0;
    for (float v : bitmap) {
      sum += v;
    }
    return sum;
  }

  private static double columnSum(float[] bitmap, int col) {
    double sum = 0;
    for (int row = 0; row < SIDE; row++) {
      sum += bitmap[row * SIDE + col];
    }
    return sum;
  }

  /** Returns {minRow, maxRow, minCol, maxCol} of the pixels above 0.01, or null for none. */
  private static int[] inkBox(float[] bitmap) {
    int[] box = {SIDE, -1, SIDE, -1};
    for (int row = 0; row < SIDE; row++) {
      for (int col = 0; col < SIDE; col++) {
        if (bitmap[row * SIDE + col] > 0.01f) {
          box[0] = Math.min(box[0], row);
          box[1] = Math.max(box[1], row);
          box[2] = Math.min(box[2], col);
          box[3] = Math.max(box[3], col);
        }
      }
    }
    return box[1] < 0 ? null : box;
  }

  @Test
  void emptyDrawing_hasNoInk() {
    float[] bitmap = renderer.render(List.of());

    assertThat(bitmap.length, is(SIDE * SIDE));
    assertThat(sum(bitmap), is(0.0));
  }

  @Test
  void horizontalLineAcrossTheMiddle_inksOnlyTheMiddleRowsOnePixelThick() {
    float[] bitmap = renderer.render(List.of(line(0, 128, 255, 128)));

    // y = 128 lands at 128 × 27/255 + 0.5 = 14.05 pixels: the line covers rows 13.55 to 14.55.
    assertThat(inkBox(bitmap), is(new int[] {13, 14, 0, 27}));
    for (int col = 1; col < SIDE - 1; col++) {
      assertThat("column " + col, columnSum(bitmap, col), closeTo(1.0, 0.03));
      assertThat((double) bitmap[13 * SIDE + col], closeTo(0.45, 0.05));
      assertThat((double) bitmap[14 * SIDE + col], closeTo(0.55, 0.05));
    }
    assertThat(sum(bitmap), both(greaterThan(26.5)).and(lessThanOrEqualTo(28.0)));
  }

  @Test
  void lineAtTheTopEdge_inksTheFirstRowFully() {
    float[] bitmap = renderer.render(List.of(line(0, 0, 255, 0)));

    assertThat(inkBox(bitmap), is(new int[] {0, 0, 0, 27}));
    for (int col = 1; col < SIDE - 1; col++) {
      assertThat((double) bitmap[col], closeTo(1.0, 0.03));
    }
  }

  @Test
  void verticalLine_isTheTransposeOfTheHorizontalOne() {
    float[] horizontal = renderer.render(List.of(line(0, 128, 255, 128)));
    float[] vertical = renderer.render(List.of(line(128, 0, 128, 255)));

    for (int row = 0; row < SIDE; row++) {
      for (int col = 0; col < SIDE; col++) {
        assertThat(
            (double) vertical[row * SIDE + col], closeTo(horizontal[col * SIDE + row], 0.02));
      }
    }
  }

  @Test
  void drawingInTheTopLeftCorner_inksOnlyThatCorner() {
    Stroke square = Stroke.of(new float[] {10, 40, 40, 10, 10}, new float[] {10, 10, 40, 40, 10});

    float[] bitmap = renderer.render(List.of(square));

    int[] box = inkBox(bitmap);
    // 10 → 1.56 and 40 → 4.74 pixels, ± half a pixel of line.
    assertThat(box, is(new int[] {1, 5, 1, 5}));
    // The outline is about 4 × 3.2 pixels long and one pixel wide.
    assertThat(sum(bitmap), closeTo(4 * 3.18, 1.0));
  }

  @Test
  void drawingInTheBottomRightCorner_inksOnlyThatCorner() {
    float[] bitmap = renderer.render(List.of(line(230, 230, 255, 255)));

    int[] box = inkBox(bitmap);
    assertThat(box[0], greaterThanOrEqualTo(23));
    assertThat(box[2], greaterThanOrEqualTo(23));
    assertThat(box[1], is(27));
    assertThat(box[3], is(27));
  }

  @Test
  void onePointStroke_isARoundDotOfOnePixel() {
    float[] bitmap =
        renderer.render(List.of(Stroke.of(new float[] {127.5f}, new float[] {127.5f})));

    // A disc of diameter 1 pixel has area π/4.
    assertThat(sum(bitmap), closeTo(Math.PI / 4, 0.05));
    assertThat(inkBox(bitmap), is(new int[] {13, 14, 13, 14}));
  }

  @Test
  void overlappingStrokes_saturateAtOne() {
    Stroke horizontal = line(0, 128, 255, 128);
    float[] once = renderer.render(List.of(horizontal));
    float[] thrice = renderer.render(List.of(horizontal, horizontal, line(255, 128, 0, 128)));

    assertThat(sum(thrice), closeTo(sum(once), 1e-6));
    for (float v : thrice) {
      assertThat((double) v, both(greaterThanOrEqualTo(0.0)).and(lessThanOrEqualTo(1.0)));
    }
  }

  @Test
  void sameDrawing_rendersIdentically() {
    List<Stroke> drawing =
        List.of(
            Stroke.of(new float[] {0, 50, 120, 255}, new float[] {30, 200, 15, 90}),
            line(10, 250, 250, 10));

    assertThat(renderer.render(drawing), is(renderer.render(drawing)));
  }

  @Test
  void widerLines_carryProportionallyMoreInk() {
    StrokeRenderer thick = StrokeRenderer.of(SIDE, 2.0);

    float[] bitmap = thick.render(List.of(line(0, 128, 255, 128)));

    assertThat(columnSum(bitmap, 14), closeTo(2.0, 0.05));
  }

  @Test
  void largerOutput_scalesTheBox() {
    float[] bitmap = StrokeRenderer.of(56, 1.0).render(List.of(line(0, 255, 255, 255)));

    assertThat(bitmap.length, is(56 * 56));
    assertThat((double) bitmap[55 * 56 + 30], closeTo(1.0, 0.03));
  }

  @Test
  void invalidSettings_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> StrokeRenderer.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> StrokeRenderer.of(28, 0));
    assertThrows(IllegalArgumentException.class, () -> StrokeRenderer.of(28, Double.NaN));
  }
}
