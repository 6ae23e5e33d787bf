package io.github.modelbudget.harness.isolation;

import io.github.modelbudget.harness.eval.Evaluator;
import io.github.modelbudget.harness.format.TfliteModel;
import io.github.modelbudget.harness.runtime.InferenceBackend;
import io.github.modelbudget.harness.runtime.LoadedModel;
import java.util.List;
import java.util.Objects;

/**
 * Runs every loaded model in its own child JVM, so that a crash of the native runtime surfaces as a
 * {@link NativeCrashException} instead of ending the caller's JVM.
 *
 * <p>The child is started with the caller's {@code java} ({@code java.home}) and classpath; a crash
 * report goes to the folder that the system property {@value #CRASH_REPORT_DIR_PROPERTY} names
 * (default {@code java.io.tmpdir}), and the {@link NativeCrashException} names it. The child loads
 * the model once and serves every session opened on it, one call at a time, over its standard input
 * and output. Closing the {@link LoadedModel} ends the child. Results are the same as in process;
 * each call costs a round trip (see the isolation benchmark for the figures), and sessions of one
 * model share one child, so their calls do not run in parallel.
 *
 * <pre>{@code
 * Evaluator isolated = IsolatedBackend.isolate(Evaluator.defaults());
 * EvaluationResult result = isolated.evaluate(model, data); // a native crash throws, typed
 * }</pre>
 */
public final class IsolatedBackend implements InferenceBackend {

  /**
   * The system property naming the folder where a child JVM that crashes writes its crash report
   * ({@code modelbudget-hs_err_pid<pid>.log}); {@code java.io.tmpdir} when unset. The project's own
   * build sets it to {@code target/}.
   */
  public static final String CRASH_REPORT_DIR_PROPERTY = "modelbudget.isolation.crashReportDir";

  private final IsolationOptions options;

  private IsolatedBackend(IsolationOptions options) {
    this.options = options;
  }

  /**
   * Returns a backend whose children use the default JVM options (a 512 MB heap).
   *
   * @return the backend, never {@code null}
   */
  public static IsolatedBackend childJvm() {
    return new IsolatedBackend(IsolationOptions.defaults());
  }

  /**
   * Returns a backend whose children use the given JVM options instead of the defaults.
   *
   * @param jvmArgs the child's JVM options, e.g. {@code List.of("-Xmx1g")}
   * @return the backend, never {@code null}
   */
  public static IsolatedBackend childJvm(List<String> jvmArgs) {
    return new IsolatedBackend(
        new IsolationOptions(jvmArgs, IsolationOptions.defaults().serverMainClass()));
  }

  /**
   * Returns a copy of an evaluator that runs its models in child JVMs; every other setting is kept.
   *
   * @param evaluator the evaluator to isolate
   * @return the isolated evaluator
   */
  public static Evaluator isolate(Evaluator evaluator) {
    return isolate(evaluator, childJvm());
  }

  /**
   * Returns a copy of an evaluator that runs its models with the given isolated backend.
   *
   * @param evaluator the evaluator to isolate
   * @param backend the isolated backend
   * @return the isolated evaluator
   */
  public static Evaluator isolate(Evaluator evaluator, IsolatedBackend backend) {
    Objects.requireNonNull(backend, "backend");
    return evaluator.withBackend(backend);
  }

  /** Returns a backend whose children run another server main; for tests of the crash path. */
  static IsolatedBackend withServerMain(String serverMainClass) {
    return new IsolatedBackend(
        new IsolationOptions(IsolationOptions.DEFAULT_JVM_ARGS, serverMainClass));
  }

  @Override
  public String name() {
    return "tflite-isolated";
  }

  /**
   * Returns the TFLite runtime's version. The children run the same native library as this JVM, so
   * the version is read here.
   */
  @Override
  public String runtimeVersion() {
    return InferenceBackend.tflite().runtimeVersion();
  }

  /**
   * Starts a child JVM and loads the model in it.
   *
   * @throws NativeCrashException if the child dies while loading the model
   * @throws io.github.modelbudget.harness.runtime.ModelRuntimeException if the child cannot be
   *     started or the runtime rejects the model
   */
  @Override
  public LoadedModel load(TfliteModel model) {
    Objects.requireNonNull(model, "model");
    ChildRuntime child = ChildRuntime.start(model.name(), model.origin(), options);
    try {
      child.call(
          "load",
          Protocol.LOAD,
          out -> {
            Protocol.writeString(out, model.name());
            Protocol.writeBytes(out, model.bytes());
          },
          Protocol::readString);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
    return new IsolatedLoadedModel(model, child);
  }

  @Override
  public String toString() {
    return "TFLite " + runtimeVersion() + " (JavaCPP, isolated in child JVMs)";
  }
}
