package io.github.modelbudget.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on the error stream, at most a few times a second. It is
 * silent when disabled (not a terminal, or {@code --quiet}), so piped output stays clean.
 */
final class ProgressLine {

  private static final long MIN_REDRAW_NANOS = 250_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;

  ProgressLine(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /**
   * Returns whether progress should be drawn: on a terminal, unless the user asked for quiet.
   *
   * @param quiet the {@code --quiet} flag
   * @return whether to draw
   */
  static boolean onTerminal(boolean quiet) {
    return !quiet && System.console() != null;
  }

  /** Draws {@code done} of {@code total} with a label, unless the last draw was too recent. */
  void update(String label, int done, int total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(render(label, done, total));
  }

  /**
   * Draws {@code done} of {@code total} bytes in megabytes with a label, unless the last draw was
   * too recent; a negative {@code total} means the size is unknown and draws the bytes alone.
   */
  void update(String label, long done, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if ((total < 0 || done < total)
        && lastDraw != Long.MIN_VALUE
        && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(renderBytes(label, done, total));
  }

  /** Clears the line so the next output starts on a clean line. */
  void finish() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  static String render(String label, int done, int total) {
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d",
        label,
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        done,
        total);
  }

  static String renderBytes(String label, long done, long total) {
    double mb = 1_000_000.0;
    if (total < 0) {
      return String.format(Locale.ROOT, "%s %.1f MB", label, done / mb);
    }
    int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / (double) total);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %.1f/%.1f MB",
        label,
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        done / mb,
        total / mb);
  }

  private void draw(String line) {
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }
}
