package io.github.modelbudget.cli;

import io.github.modelbudget.harness.data.Dataset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated stand-ins for the experiment's two Quick, Draw! classes, until the bundled real
 * drawings arrive: a "tower" (two legs meeting at a peak, a crossbar) and a "portrait" (an oval
 * face with two eyes), each jittered in place, size and stroke, with a little noise.
 */
final class DemoData {

  static final int SIDE = 28;
  static final List<String> CLASSES = List.of("eiffel_tower_like", "mona_lisa_like");

  private DemoData() {}

  static Dataset generate(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[count * SIDE * SIDE];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 2;
      int offset = i * SIDE * SIDE;
      if (labels[i] == 0) {
        tower(pixels, offset, random);
      } else {
        portrait(pixels, offset, random);
      }
      for (int n = 0; n < 8; n++) {
        pixels[offset + random.nextInt(SIDE * SIDE)] = 1f;
      }
    }
    return Dataset.of("generated-drawings", new int[] {SIDE, SIDE}, pixels, labels, CLASSES);
  }

  private static void tower(float[] p, int offset, SplittableRandom r) {
    int cx = 11 + r.nextInt(7);
    int top = 2 + r.nextInt(5);
    int bottom = 22 + r.nextInt(5);
    int half = 5 + r.nextInt(5);
    line(p, offset, cx - half, bottom, cx, top);
    line(p, offset, cx + half, bottom, cx, top);
    int bar = (top + 2 * bottom) / 3;
    line(p, offset, cx - half * 2 / 3, bar, cx + half * 2 / 3, bar);
  }

  private static void portrait(float[] p, int offset, SplittableRandom r) {
    double cx = 11 + r.nextInt(7);
    double cy = 11 + r.nextInt(7);
    double rx = 5 + r.nextInt(4);
    double ry = rx + 1 + r.nextInt(3);
    for (int step = 0; step < 64; step++) {
      double a = 2 * Math.PI * step / 64;
      plot(
          p,
          offset,
          (int) Math.round(cx + rx * Math.cos(a)),
          (int) Math.round(cy + ry * Math.sin(a)));
    }
    int eyes = (int) Math.round(cy - ry / 3);
    plot(p, offset, (int) Math.round(cx - rx / 2), eyes);
    plot(p, offset, (int) Math.round(cx + rx / 2), eyes);
  }

  private static void line(float[] p, int offset, int x0, int y0, int x1, int y1) {
    int steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (int s = 0; s <= steps; s++) {
      double t = steps == 0 ? 0 : (double) s / steps;
      plot(p, offset, (int) Math.round(x0 + t * (x1 - x0)), (int) Math.round(y0 + t * (y1 - y0)));
    }
  }

  private static void plot(float[] p, int offset, int x, int y) {
    if (x >= 0 && x < SIDE && y >= 0 && y < SIDE) {
      p[offset + y * SIDE + x] = 1f;
    }
  }
}
