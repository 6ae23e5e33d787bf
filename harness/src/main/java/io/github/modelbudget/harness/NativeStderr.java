package io.github.modelbudget.harness;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
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
 * was written is read back and logged through SLF4J, so nothing is lost and a build log stays free
 * of the runtime's complaints about inputs a test rejects on purpose: a failed call's lines at
 * debug level (the caller's exception carries them), a call that succeeded yet complained at warn
 * level, informational lines at debug level.
 *
 * <p>Descriptor 2 belongs to the whole process: captures hold one lock, and anything another thread
 * writes to standard error meanwhile is captured too (and copied back to standard error: only lines
 * in TFLite's own format are logged). Callers capture only rare calls (verifying, loading,
 * building, allocating, a session's first invoke) or repeat a call that already failed; the invoke
 * hot path never captures. For the harness's own packages; not meant as API. Where the C library
 * cannot be reached (Windows, or JNA missing), a capture runs the call and returns no text.
 */
public final class NativeStderr {

  /**
   * What a captured call returned, and what the runtime wrote meanwhile.
   *
   * @param <T> the call's result type
   */
  public record Captured<T>(T value, List<String> lines) {

    /**
     * Returns the runtime's error lines without their prefix or, if none is marked as an error,
     * every line but the informational ones ("INFO: Created TensorFlow Lite XNNPACK delegate").
     */
    public List<String> errorLines() {
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
    public String explanation() {
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

  private static final String WARNING_PREFIX = "WARNING:";

  private static final String INFO_PREFIX = "INFO:";

  /** The severities TFLite's minimal logger writes; a line without one is not TFLite's. */
  private static final List<String> TFLITE_PREFIXES =
      List.of(ERROR_PREFIX, WARNING_PREFIX, INFO_PREFIX, "VERBOSE:");

  private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);
  private static final int STDERR = 2;
  private static final int OWNER_READ_WRITE = 0600;
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final LibC LIBC = loadLibC().orElse(null);
  private static final boolean CAPTURE_AVAILABLE = LIBC != null;
  private static final int SEEK_SET = 0;

  /**
   * The capture file, opened once (creating a file per call costs more than the calls captured):
   * the descriptor descriptor 2 is pointed at, and a reader on the same file. Guarded by LOCK.
   */
  private static int fileDescriptor = -1;

  private static RandomAccessFile reader;

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

    int ftruncate(int fd, long length);

    long lseek(int fd, long offset, int whence);
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
  public static boolean available() {
    return CAPTURE_AVAILABLE;
  }

  /**
   * Runs a native call with standard error captured.
   *
   * @param call the call, e.g. returning a TFLite status
   * @param succeeded tells from the call's result whether it succeeded, which decides how the
   *     runtime's lines are logged
   * @param <T> the call's result type
   * @return its result and the lines written to standard error meanwhile
   */
  public static <T> Captured<T> capture(Supplier<T> call, Predicate<? super T> succeeded) {
    if (!CAPTURE_AVAILABLE) {
      return new Captured<>(call.get(), List.of());
    }
    LOCK.lock();
    try {
      int redirected = openFile();
      System.err.flush();
      int saved = LIBC.dup(STDERR);
      if (saved < 0
          || redirected < 0
          || LIBC.ftruncate(redirected, 0) < 0
          || LIBC.lseek(redirected, 0, SEEK_SET) < 0
          || LIBC.dup2(redirected, STDERR) < 0) {
        closeQuietly(saved);
        return new Captured<>(call.get(), List.of());
      }
      T value;
      try {
        value = call.get();
      } finally {
        System.err.flush();
        LIBC.dup2(saved, STDERR);
        LIBC.close(saved);
      }
      byte[] bytes = new byte[(int) Math.min(reader.length(), Integer.MAX_VALUE - 8)];
      reader.seek(0);
      reader.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      echo(log(text, succeeded.test(value)));
      return new Captured<>(value, text.lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the captured standard error", e);
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Logs TFLite's lines of one captured call and returns the rest, which go back to standard error.
   *
   * <p>A failed call's lines are logged at debug level: the caller puts them into its exception,
   * where they name what is wrong with the input. A call that succeeded and still wrote an error or
   * a warning (XNNPACK declining a node that TFLite's own kernel then runs) is logged at warn
   * level, without the runtime's severity prefix. Informational lines ("INFO: Created TensorFlow
   * Lite XNNPACK delegate for CPU.", written by every interpreter) are logged at debug level.
   *
   * @param text what the call wrote
   * @param succeeded whether the call succeeded
   * @return the lines not in TFLite's format (another thread's output), each ending in a newline
   */
  static String log(String text, boolean succeeded) {
    StringBuilder rest = new StringBuilder();
    for (String line : text.lines().toList()) {
      Optional<String> severity = TFLITE_PREFIXES.stream().filter(line::startsWith).findFirst();
      if (severity.isEmpty()) {
        rest.append(line).append(System.lineSeparator());
      } else if (succeeded
          && (severity.get().equals(ERROR_PREFIX) || severity.get().equals(WARNING_PREFIX))) {
        LOG.warn("TFLite: {}", line.substring(severity.get().length()).strip());
      } else {
        LOG.debug("TFLite: {}", line);
      }
    }
    return rest.toString();
  }

  private static void echo(String rest) throws IOException {
    if (!rest.isEmpty()) {
      NATIVE_STDERR.write(rest.getBytes(StandardCharsets.UTF_8));
      NATIVE_STDERR.flush();
    }
  }

  /** Opens the capture file once; returns its descriptor, or -1 if it cannot be opened. */
  private static int openFile() throws IOException {
    if (reader == null) {
      Path file = Files.createTempFile("modelbudget-tflite-stderr-", ".log");
      file.toFile().deleteOnExit();
      fileDescriptor = LIBC.creat(file.toString(), OWNER_READ_WRITE);
      reader = new RandomAccessFile(file.toFile(), "r");
    }
    return fileDescriptor;
  }

  private static void closeQuietly(int fd) {
    if (fd >= 0) {
      LIBC.close(fd);
    }
  }
}
