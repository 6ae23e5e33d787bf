package io.github.modelbudget.harness.runtime;

/**
 * How a {@link Session} runs: how many threads its kernels may use, and whether the XNNPACK
 * delegate accelerates the operators it supports.
 *
 * @param threads the number of threads the interpreter may use, at least 1
 * @param xnnpack whether to apply TFLite's default XNNPACK delegate
 */
public record SessionOptions(int threads, boolean xnnpack) {

  /** Validates. */
  public SessionOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1 but was " + threads);
    }
  }

  /**
   * Returns the defaults: one thread, XNNPACK on (as TFLite's own default).
   *
   * @return the default options
   */
  public static SessionOptions defaults() {
    return new SessionOptions(1, true);
  }

  /**
   * Returns a copy with another thread count.
   *
   * @param threads the number of threads
   * @return the new options
   */
  public SessionOptions withThreads(int threads) {
    return new SessionOptions(threads, xnnpack);
  }

  /**
   * Returns a copy with XNNPACK on or off.
   *
   * @param xnnpack whether to apply XNNPACK
   * @return the new options
   */
  public SessionOptions withXnnpack(boolean xnnpack) {
    return new SessionOptions(threads, xnnpack);
  }
}
