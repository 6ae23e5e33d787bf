package io.github.modelbudget.harness.data;

import java.util.Locale;

/**
 * Refuses, before allocating, an array that cannot fit in this JVM's heap at all, so that a file
 * whose header asks for more than the heap gets a message saying what to do instead of an {@link
 * OutOfMemoryError} part-way through.
 */
final class HeapCheck {

  private HeapCheck() {}

  /**
   * Checks that {@code bytes} could be allocated in this JVM's largest heap.
   *
   * @param origin the file, for the message
   * @param bytes what reading it will allocate
   * @param what what the memory is for, e.g. "the array's data"
   * @throws InvalidDataException if {@code bytes} exceeds the maximum heap
   */
  static void require(String origin, long bytes, String what) {
    require(origin, bytes, what, Runtime.getRuntime().maxMemory());
  }

  /** As {@link #require(String, long, String)}, against a given maximum heap. */
  static void require(String origin, long bytes, String what, long max) {
    if (max != Long.MAX_VALUE && bytes > max) {
      throw new InvalidDataException(
          origin,
          String.format(
              Locale.ROOT,
              "reading %s needs %s of memory, more than this JVM's maximum heap of %s; give Java"
                  + " more memory (java -Xmx%dg …, or -Xmx in Surefire's argLine) or read fewer"
                  + " samples (.npz and Quick, Draw! .npy features can stay in their file instead:"
                  + " FeatureStorage.MAPPED)",
              what,
              megabytes(bytes),
              megabytes(max),
              Math.max(2, (bytes * 2 + (1L << 30) - 1) >> 30)));
    }
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,.0f MB", bytes / 1e6);
  }
}
