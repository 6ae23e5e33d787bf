package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.runtime.ModelRuntimeException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Thrown when the child JVM that runs an isolated model dies: the native runtime crashed, the child
 * ran out of memory, or it was killed. The parent JVM is unharmed; the model's sessions are gone.
 */
public class NativeCrashException extends ModelRuntimeException {

  private static final long serialVersionUID = 1L;

  private final String model;
  private final int exitCode;
  // A String, not a Path: exceptions are Serializable and Path is not.
  private final String crashReport;

  /**
   * Creates the exception.
   *
   * @param model the model's name
   * @param step what the parent asked the child to do when it died, e.g. {@code "invoke"}
   * @param exitCode the child's exit code (128 + the signal number when a signal ended it)
   * @param childOutput the last lines the child wrote to its standard error, possibly empty
   */
  public NativeCrashException(String model, String step, int exitCode, String childOutput) {
    this(model, step, exitCode, childOutput, Optional.empty());
  }

  /**
   * Creates the exception with the child's crash report.
   *
   * @param model the model's name
   * @param step what the parent asked the child to do when it died, e.g. {@code "invoke"}
   * @param exitCode the child's exit code (128 + the signal number when a signal ended it)
   * @param childOutput the last lines the child wrote to its standard error, possibly empty
   * @param crashReport the JVM's crash report ({@code hs_err}) the child wrote, if it wrote one
   */
  public NativeCrashException(
      String model, String step, int exitCode, String childOutput, Optional<Path> crashReport) {
    super(
        message(model, step, exitCode, childOutput)
            + crashReport.map(report -> "\ncrash report: " + report).orElse(""));
    this.model = model;
    this.exitCode = exitCode;
    this.crashReport = crashReport.map(Path::toString).orElse(null);
  }

  /**
   * Returns the crash report the child's JVM wrote, if it wrote one.
   *
   * @return its path, or empty
   */
  public Optional<Path> crashReport() {
    return Optional.ofNullable(crashReport).map(Path::of);
  }

  private static String message(String model, String step, int exitCode, String childOutput) {
    StringBuilder m =
        new StringBuilder("model '")
            .append(model)
            .append("': the isolated runtime's JVM died during ")
            .append(step)
            .append(" with exit code ")
            .append(exitCode);
    signalOf(exitCode).ifPresent(signal -> m.append(" (").append(signal).append(')'));
    if (!childOutput.isBlank()) {
      m.append("; the child's last output:\n").append(childOutput.strip());
    }
    return m.toString();
  }

  /**
   * Returns the name of the model whose child died.
   *
   * @return the model's name, never {@code null}
   */
  public String model() {
    return model;
  }

  /**
   * Returns the child's exit code.
   *
   * @return the exit code; 134 is SIGABRT (a JVM crash ends so), 139 SIGSEGV, 137 SIGKILL
   */
  public int exitCode() {
    return exitCode;
  }

  /**
   * Returns the signal that ended the child, if one did.
   *
   * @return the signal's name, e.g. {@code "SIGABRT"}, or empty for an ordinary exit
   */
  public Optional<String> signal() {
    return signalOf(exitCode);
  }

  private static Optional<String> signalOf(int exitCode) {
    return switch (exitCode) {
      case 128 + 4 -> Optional.of("SIGILL");
      case 128 + 6 -> Optional.of("SIGABRT");
      case 128 + 7 -> Optional.of("SIGBUS");
      case 128 + 8 -> Optional.of("SIGFPE");
      case 128 + 9 -> Optional.of("SIGKILL");
      case 128 + 11 -> Optional.of("SIGSEGV");
      case 128 + 15 -> Optional.of("SIGTERM");
      default -> Optional.empty();
    };
  }
}
