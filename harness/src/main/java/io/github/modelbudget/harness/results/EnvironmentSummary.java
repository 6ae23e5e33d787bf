package io.github.modelbudget.harness.results;

import io.github.modelbudget.harness.eval.Evaluator;
import java.util.Objects;

/**
 * Where and how a run measured: the runtime, the evaluator's settings and the machine.
 *
 * @param backend the inference backend's name, e.g. {@code tflite}
 * @param runtimeVersion the runtime's version, e.g. {@code 2.21.0}
 * @param threads the evaluator's worker threads
 * @param interpreterThreads the threads of each interpreter
 * @param batchSize the evaluator's batch size
 * @param xnnpack whether XNNPACK was applied
 * @param jvm the JVM's vendor and version
 * @param os the operating system's name, version and architecture
 * @param cpus the processors available to the JVM
 */
public record EnvironmentSummary(
    String backend,
    String runtimeVersion,
    int threads,
    int interpreterThreads,
    int batchSize,
    boolean xnnpack,
    String jvm,
    String os,
    int cpus) {

  /** Validates. */
  public EnvironmentSummary {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(runtimeVersion, "runtimeVersion");
    Objects.requireNonNull(jvm, "jvm");
    Objects.requireNonNull(os, "os");
  }

  /**
   * Describes this JVM and machine running an evaluator.
   *
   * @param evaluator the evaluator that measured
   * @return the environment
   */
  public static EnvironmentSummary of(Evaluator evaluator) {
    return new EnvironmentSummary(
        evaluator.backend().name(),
        evaluator.backend().runtimeVersion(),
        evaluator.threads(),
        evaluator.interpreterThreads(),
        evaluator.batchSize(),
        evaluator.xnnpack(),
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
  }
}
