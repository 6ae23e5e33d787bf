package io.github.modelbudget.harness.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How loud the native runtimes are. TFLite's own lines (its error reporter's text around loading,
 * allocating and the first invoke) are logged through SLF4J by the harness: at debug level when
 * they explain a failure that the exception already carries, at warn level when a call succeeded
 * but the runtime still complained; enable debug for {@value #TFLITE_LOGGER} to see all of them.
 *
 * <p>TensorFlow (TensorFlow Java, for training) logs through its own C++ logging, which reads the
 * environment variable {@value #TF_MIN_LOG_LEVEL} once, when it first logs. Java cannot change its
 * own environment, so {@link #quietTensorFlow()} sets it through the C library's {@code setenv} (on
 * Linux and macOS) and must run before TensorFlow's native library is loaded. TensorFlow's lines
 * written through absl (such as "MLIR V1 optimization pass is not enabled") do not heed that
 * variable; on Windows, set it in the environment before starting Java.
 */
public final class NativeLogs {

  /** The SLF4J logger that TFLite's captured lines go to. */
  public static final String TFLITE_LOGGER = "io.github.modelbudget.harness.NativeStderr";

  /** The environment variable that TensorFlow's C++ logging reads for its lowest severity. */
  public static final String TF_MIN_LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL";

  /** TensorFlow's level that keeps warnings and errors and drops its informational lines. */
  static final String WARNINGS_AND_ABOVE = "1";

  private static final Logger LOG = LoggerFactory.getLogger(NativeLogs.class);

  /** The C library's environment calls, not variadic. */
  interface Environment extends Library {
    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  private NativeLogs() {}

  /**
   * Drops TensorFlow's informational lines ("oneDNN custom operations are on", "This TensorFlow
   * binary is optimized to use available CPU instructions") by setting {@value #TF_MIN_LOG_LEVEL}
   * to 1 in this process, unless the environment already sets it: a user's own setting wins.
   *
   * @return {@code true} if the variable now holds this method's value; {@code false} if the user
   *     set it, or if the C library cannot be reached on this platform
   */
  public static boolean quietTensorFlow() {
    if (System.getenv(TF_MIN_LOG_LEVEL) != null) {
      return false;
    }
    return environment()
        .map(
            env ->
                env.setenv(TF_MIN_LOG_LEVEL, WARNINGS_AND_ABOVE, 0) == 0
                    && WARNINGS_AND_ABOVE.equals(env.getenv(TF_MIN_LOG_LEVEL)))
        .orElse(false);
  }

  /**
   * Reads a variable of this process's native environment, which {@link System#getenv} does not see
   * once {@link #quietTensorFlow()} has changed it.
   *
   * @param name the variable's name
   * @return its value, or empty if unset or the C library cannot be reached
   */
  public static Optional<String> nativeEnvironment(String name) {
    return environment().map(env -> env.getenv(name));
  }

  private static Optional<Environment> environment() {
    if (!Platform.isLinux() && !Platform.isMac()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Native.load(Platform.C_LIBRARY_NAME, Environment.class));
    } catch (LinkageError | RuntimeException e) {
      LOG.debug("cannot reach the C library; TensorFlow's log level stays as it is", e);
      return Optional.empty();
    }
  }
}
