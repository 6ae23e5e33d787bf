package io.github.modelbudget.harness.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures what the native runtime writes to standard error during one call, so that TFLite's own
 * explanation of a failure ("quantized_dimension must be in range [0, 1). Was 3.") can go into the
 * exception instead of only scrolling past on the console.
 *
 * <p>TFLite reports errors through its {@code ErrorReporter}, which prints to file descriptor 2;
 * the JavaCPP preset's reporter is a C++ class that cannot be subclassed from Java, and the C API's
 * callback gets a {@code va_list} that Java cannot format. So, around a call, descriptor 2 is
 * pointed at a temporary file ({@code dup}/{@code dup2} through JNA) and restored afterwards; what
 * was written is read back and also copied to the real standard error, so nothing is lost.
 *
 * <p>Descriptor 2 belongs to the whole process: captures hold one lock, and anything another thread
 * writes to standard error meanwhile is captured too (and then copied through). Callers capture
 * only rare calls (loading, building, allocating) or repeat a call that already failed; the invoke
 * hot path never captures. Where the C library cannot be reached (Windows, or JNA missing), a
 * capture runs the call and returns no text.
 */
final class NativeStderr {

  /**
   * What a captured call returned, and what the runtime wrote meanwhile.
   *
   * @param <T> the call's result type
   */
  record Captured<T>(T value, List<String> lines) {

    /**
     * Returns the runtime's error lines without their prefix or, if none is marked as an error,
     * every line but the informational ones ("INFO: Created TensorFlow Lite XNNPACK delegate").
     */
    List<String> errorLines() {
      List<String> errors =
          lines.stream()
              .filter(l -> l.startsWith(ERROR_PREFIX))
              .map(l -> l.substring(ERROR_PREFIX.length()).strip())
              .filter(l -> !l.isEmpty())
              .toList();
      return errors.isEmpty()
          ? lines.stream().filter(l -> !l.isBlank() && !l.startsWith(INFO_PREFIX)).toList()
          : errors;
    }

    /**
     * Returns the runtime's own text to append to a message, e.g. {@code ": quantized_dimension
     * must be in range [0, 1). Was 3."}, or a pointer to standard error when nothing was captured.
     */
    String explanation() {
      List<String> errors = errorLines();
      if (errors.isEmpty()) {
        return CAPTURE_AVAILABLE
            ? "; the runtime gave no explanation"
            : "; the runtime's own message is on standard error";
      }
      return errors.size() == 1 ? ": " + errors.get(0) : ":\n  " + String.join("\n  ", errors);
    }
  }

  /** TFLite's minimal logger prefixes errors with its severity. */
  private static final String ERROR_PREFIX = "ERROR:";

  private static final String INFO_PREFIX = "INFO:";

  private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);
  private static final int STDERR = 2;
  private static final int OWNER_READ_WRITE = 0600;
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final LibC LIBC = loadLibC().orElse(null);
  private static final boolean CAPTURE_AVAILABLE = LIBC != null;
  private static Path file;

  /**
   * The process's descriptor 2, opened once: every stream opened on {@link FileDescriptor#err}
   * stays attached to it, so one per capture would pile up.
   */
  private static final FileOutputStream NATIVE_STDERR = new FileOutputStream(FileDescriptor.err);

  /** The few C library calls a capture needs, none of them variadic. */
  interface LibC extends Library {
    int dup(int fd);

    int dup2(int fd, int target);

    int close(int fd);

    int creat(String path, int mode);
  }

  private NativeStderr() {}

  private static Optional<LibC> loadLibC() {
    if (!Platform.isLinux() && !Platform.isMac()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Native.load(Platform.C_LIBRARY_NAME, LibC.class));
    } catch (LinkageError | RuntimeException e) {
      LOG.debug("cannot reach the C library; TFLite's messages stay on standard error", e);
      return Optional.empty();
    }
  }

  /**
   * Tells whether captures see the native standard error on this platform.
   *
   * @return {@code true} on Linux and macOS with JNA
   */
  static boolean available() {
    return CAPTURE_AVAILABLE;
  }

  /**
   * Runs a native call with standard error captured.
   *
   * @param call the call, e.g. returning a TFLite status
   * @param <T> the call's result type
   * @return its result and the lines written to standard error meanwhile
   */
  static <T> Captured<T> capture(Supplier<T> call) {
    if (!CAPTURE_AVAILABLE) {
      return new Captured<>(call.get(), List.of());
    }
    LOCK.lock();
    try {
      Path target = file();
      System.err.flush();
      int saved = LIBC.dup(STDERR);
      int redirected = saved < 0 ? -1 : LIBC.creat(target.toString(), OWNER_READ_WRITE);
      if (redirected < 0 || LIBC.dup2(redirected, STDERR) < 0) {
        closeQuietly(redirected);
        closeQuietly(saved);
        return new Captured<>(call.get(), List.of());
      }
      LIBC.close(redirected);
      T value;
      try {
        value = call.get();
      } finally {
        System.err.flush();
        LIBC.dup2(saved, STDERR);
        LIBC.close(saved);
      }
      byte[] text = Files.readAllBytes(target);
      echo(text);
      return new Captured<>(value, new String(text, StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the captured standard error", e);
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Copies the captured lines to the real standard error, where they would have gone, except
   * TFLite's informational lines ("INFO: Created TensorFlow Lite XNNPACK delegate for CPU."), which
   * every interpreter writes and which would break a progress line: those go to the debug log.
   */
  private static void echo(byte[] text) throws IOException {
    String kept = echoed(new String(text, StandardCharsets.UTF_8));
    if (!kept.isEmpty()) {
      NATIVE_STDERR.write(kept.getBytes(StandardCharsets.UTF_8));
      NATIVE_STDERR.flush();
    }
  }

  /** What of the captured text goes back to standard error: every line but the INFO ones. */
  static String echoed(String text) {
    StringBuilder kept = new StringBuilder();
    for (String line : text.lines().toList()) {
      if (line.startsWith(INFO_PREFIX)) {
        LOG.debug("TFLite: {}", line);
      } else {
        kept.append(line).append(System.lineSeparator());
      }
    }
    return kept.toString();
  }

  private static Path file() throws IOException {
    if (file == null) {
      file = Files.createTempFile("modelbudget-tflite-stderr-", ".log");
      file.toFile().deleteOnExit();
    }
    return file;
  }

  private static void closeQuietly(int fd) {
    if (fd >= 0) {
      LIBC.close(fd);
    }
  }
}
