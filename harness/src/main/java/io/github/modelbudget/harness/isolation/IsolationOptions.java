package io.github.modelbudget.harness.isolation;

import java.util.List;
import java.util.Objects;

/**
 * How child JVMs are started.
 *
 * @param jvmArgs the child's JVM options, e.g. {@code -Xmx512m}
 * @param serverMainClass the class whose {@code main} serves the protocol in the child
 */
record IsolationOptions(List<String> jvmArgs, String serverMainClass) {

  /**
   * A small heap; VM output (a crash report among it) goes to standard error, because standard
   * output carries the protocol.
   */
  static final List<String> DEFAULT_JVM_ARGS =
      List.of(
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:+DisplayVMOutputToStderr");

  IsolationOptions {
    jvmArgs = List.copyOf(jvmArgs);
    Objects.requireNonNull(serverMainClass, "serverMainClass");
  }

  static IsolationOptions defaults() {
    return new IsolationOptions(DEFAULT_JVM_ARGS, IsolatedSessionServer.class.getName());
  }
}
