package io.github.modelbudget.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A one-line progress bar redrawn in place on the error stream, at most a few times a second. It is
 * silent when disabled (not a terminal, or {@code --quiet}), so piped output stays clean.
 */
public final class ProgressLine {

  private static final long MIN_REDRAW_NANOS = 250_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean enabled;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;

  /**
   * Creates a progress line.
   *
   * @param err where to draw it
   * @param enabled whether to draw at all (see {@link #onTerminal})
   */
  public ProgressLine(PrintWriter err, boolean enabled) {
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
  synchronized void update(String label, int done, int total) {
    redraw(done >= total, () -> render(label, done, total));
  }

  /**
   * Draws {@code done} of {@code total} bytes in megabytes with a label, unless the last draw was
   * too recent; a negative {@code total} means the size is unknown and draws the bytes alone.
   */
  public synchronized void updateBytes(String label, long done, long total) {
    redraw(total >= 0 && done >= total, () -> renderBytes(label, done, total));
  }

  /** Draws the line when it is the last one or the previous draw is old enough. */
  private void redraw(boolean last, Supplier<String> line) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (!last && lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    draw(line.get());
  }

  /** Clears the line so the next output starts on a clean line. */
  public synchronized void finish() {
    if (enabled && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }

  static String render(String label, int done, int total) {
    return String.format(
        Locale.ROOT,
        "%s %s %d/%d",
        label,
        bar(total == 0 ? 1 : (double) done / total),
        done,
        total);
  }

  static String renderBytes(String label, long done, long total) {
    double mb = 1_000_000.0;
    if (total < 0) {
      return String.format(Locale.ROOT, "%s %.1f MB", label, done / mb);
    }
    double fraction = total == 0 ? 1 : Math.min(done, total) / (double) total;
    return String.format(
        Locale.ROOT, "%s %s %.1f/%.1f MB", label, bar(fraction), done / mb, total / mb);
  }

  private static String bar(double fraction) {
    int filled = (int) (WIDTH * Math.max(0, Math.min(1, fraction)));
    return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
  }

  private void draw(String line) {
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }
}
