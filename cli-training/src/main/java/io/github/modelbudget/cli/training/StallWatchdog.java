package io.github.modelbudget.cli.training;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a stream that has delivered nothing for too long, so that a read blocked on it returns.
 * {@code HttpClient} times out waiting for a response's headers but not for its body, so a transfer
 * that stalls half-way would otherwise wait forever.
 */
final class StallWatchdog implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "modelbudget-stall-watchdog");
            thread.setDaemon(true);
            return thread;
          });

  private final Duration limit;
  private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
  private final AtomicBoolean fired = new AtomicBoolean();
  private final ScheduledFuture<?> check;

  /**
   * Starts watching.
   *
   * @param stream what to close when nothing arrives for {@code limit}
   * @param limit the longest wait for the next bytes
   */
  StallWatchdog(Closeable stream, Duration limit) {
    this.limit = limit;
    long period = Math.max(10, limit.toMillis() / 4);
    this.check =
        TIMER.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() - lastProgress.get() > limit.toNanos()
                  && fired.compareAndSet(false, true)) {
                try {
                  stream.close();
                } catch (IOException e) {
                  // Closing is all we can do; the reader sees the stream end either way.
                }
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
  }

  /** Notes that bytes arrived. */
  void progressed() {
    lastProgress.set(System.nanoTime());
  }

  /** Returns whether the stream was closed for stalling. */
  boolean fired() {
    return fired.get();
  }

  /** Returns the longest wait allowed. */
  Duration limit() {
    return limit;
  }

  @Override
  public void close() {
    check.cancel(false);
  }
}
