package io.github.modelbudget.cli;

import io.github.modelbudget.harness.runtime.NativeLogs;
import picocli.CommandLine.IExecutionStrategy;

/**
 * Sets how loud the native runtimes are before a command runs: quiet by default (TFLite's lines at
 * debug level, TensorFlow's informational lines dropped), everything with {@code --verbose}.
 */
final class NativeLogLevels {

  /** slf4j-simple's per-logger level property, read when the logger is created. */
  static final String TFLITE_LEVEL_PROPERTY =
      "org.slf4j.simpleLogger.log." + NativeLogs.TFLITE_LOGGER;

  private NativeLogLevels() {}

  /**
   * Wraps an execution strategy so that the log levels are set from the parsed command line before
   * the command runs, and before TensorFlow's native library can load.
   *
   * @param strategy the strategy to wrap
   * @return the wrapping strategy
   */
  static IExecutionStrategy applying(IExecutionStrategy strategy) {
    return parseResult -> {
      apply(VerboseOption.matched(parseResult));
      return strategy.execute(parseResult);
    };
  }

  /**
   * Sets the levels; a level the user set (a system property, the environment variable) wins.
   *
   * @param verbose whether {@code --verbose} was given
   */
  static void apply(boolean verbose) {
    if (verbose) {
      if (System.getProperty(TFLITE_LEVEL_PROPERTY) == null) {
        System.setProperty(TFLITE_LEVEL_PROPERTY, "debug");
      }
    } else {
      NativeLogs.quietTensorFlow();
    }
  }
}
