package io.github.modelbudget.harness.data;

import java.util.List;

/**
 * One pen stroke of a Quick, Draw! drawing: the points the pen passed through, in order.
 *
 * @param points the points, at least one
 */
public record Stroke(List<Stroke.Point> points) {

  /**
   * Copies the points and checks there is at least one.
   *
   * @throws IllegalArgumentException if there are no points
   */
  public Stroke {
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a stroke needs at least one point");
    }
  }

  /**
   * Creates a stroke from its coordinate lists, as stored in the {@code simplified} files.
   *
   * @param xs the x coordinates
   * @param ys the y coordinates, as many as {@code xs}
   * @return the stroke
   * @throws IllegalArgumentException if the lists differ in length or are empty
   */
  public static Stroke of(float[] xs, float[] ys) {
    if (xs.length != ys.length) {
      throw new IllegalArgumentException(
          "a stroke has " + xs.length + " x and " + ys.length + " y coordinates");
    }
    Point[] points = new Point[xs.length];
    for (int i = 0; i < xs.length; i++) {
      points[i] = new Point(xs[i], ys[i]);
    }
    return new Stroke(List.of(points));
  }

  /**
   * A point in the drawing's coordinate box ({@code 0..255} in the {@code simplified} files; x to
   * the right, y down).
   *
   * @param x the horizontal coordinate
   * @param y the vertical coordinate
   */
  public record Point(float x, float y) {}
}
