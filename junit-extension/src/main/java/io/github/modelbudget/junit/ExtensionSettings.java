package io.github.modelbudget.junit;

import io.github.modelbudget.harness.eval.LatencySettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension's defaults, read from JUnit configuration parameters: {@code -Dmodelbudget.<key>}
 * system properties and {@code junit-platform.properties} both set them (JUnit looks in that
 * order).
 *
 * @param resultsDir where run records are written ({@code modelbudget.results.dir}, default {@code
 *     target/modelbudget})
 * @param variantsDir where {@link GeneratedVariants} writes the variants it makes ({@code
 *     modelbudget.variants.dir}, default {@code target/modelbudget-variants})
 * @param threads the evaluator's threads ({@code modelbudget.threads}, default 2)
 * @param batchSize the evaluator's batch size ({@code modelbudget.batch.size}, default 64)
 * @param alpha the significance level of accuracy drops ({@code modelbudget.alpha}, default 0.05)
 * @param processIsolation whether models run in child JVMs, so that a crash of the native runtime
 *     fails only the tests of that model ({@code modelbudget.isolation}: {@code none}, the default,
 *     or {@code process})
 * @param latency how {@code @ModelBudget} latency limits are measured: {@code
 *     modelbudget.latency.threads} (default 1), {@code modelbudget.latency.xnnpack} ({@code true})
 *     and {@code modelbudget.latency.runs} (200, in 10 repetitions)
 */
record ExtensionSettings(
    Path resultsDir,
    Path variantsDir,
    int threads,
    int batchSize,
    double alpha,
    boolean processIsolation,
    LatencySettings latency) {

  static final String PREFIX = "modelbudget.";
  static final String RESULTS_DIR = PREFIX + "results.dir";
  static final String VARIANTS_DIR = PREFIX + "variants.dir";
  static final String THREADS = PREFIX + "threads";
  static final String BATCH_SIZE = PREFIX + "batch.size";
  static final String ALPHA = PREFIX + "alpha";
  static final String ISOLATION = PREFIX + "isolation";
  static final String LATENCY_THREADS = PREFIX + "latency.threads";
  static final String LATENCY_XNNPACK = PREFIX + "latency.xnnpack";
  static final String LATENCY_RUNS = PREFIX + "latency.runs";

  static ExtensionSettings from(ExtensionContext context) {
    Path resultsDir =
        parameter(context, RESULTS_DIR, Path::of).orElse(Path.of("target", "modelbudget"));
    Path variantsDir =
        parameter(context, VARIANTS_DIR, Path::of)
            .orElse(Path.of("target", "modelbudget-variants"));
    int threads = parameter(context, THREADS, Integer::parseInt).orElse(2);
    int batchSize = parameter(context, BATCH_SIZE, Integer::parseInt).orElse(64);
    double alpha = parameter(context, ALPHA, Double::parseDouble).orElse(0.05);
    if (threads < 1) {
      throw invalid(THREADS, Integer.toString(threads), "at least 1");
    }
    if (batchSize < 1) {
      throw invalid(BATCH_SIZE, Integer.toString(batchSize), "at least 1");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw invalid(ALPHA, Double.toString(alpha), "in (0, 1)");
    }
    String isolation = parameter(context, ISOLATION, String::trim).orElse("none");
    if (!isolation.equals("none") && !isolation.equals("process")) {
      throw invalid(ISOLATION, isolation, "'none' or 'process'");
    }
    int latencyThreads = parameter(context, LATENCY_THREADS, Integer::parseInt).orElse(1);
    if (latencyThreads < 1) {
      throw invalid(LATENCY_THREADS, Integer.toString(latencyThreads), "at least 1");
    }
    int latencyRuns = parameter(context, LATENCY_RUNS, Integer::parseInt).orElse(200);
    if (latencyRuns < 10) {
      throw invalid(LATENCY_RUNS, Integer.toString(latencyRuns), "at least 10");
    }
    String latencyXnnpack = parameter(context, LATENCY_XNNPACK, String::trim).orElse("true");
    if (!latencyXnnpack.equals("true") && !latencyXnnpack.equals("false")) {
      throw invalid(LATENCY_XNNPACK, latencyXnnpack, "'true' or 'false'");
    }
    LatencySettings latency =
        LatencySettings.defaults()
            .withThreads(latencyThreads)
            .withXnnpack(Boolean.parseBoolean(latencyXnnpack))
            .withRuns(10, latencyRuns, 10);
    return new ExtensionSettings(
        resultsDir, variantsDir, threads, batchSize, alpha, isolation.equals("process"), latency);
  }

  private static <T> Optional<T> parameter(
      ExtensionContext context, String key, Function<String, T> parse) {
    Optional<String> raw =
        context.getConfigurationParameter(key).map(String::trim).filter(v -> !v.isEmpty());
    try {
      return raw.map(parse);
    } catch (RuntimeException e) {
      throw invalid(key, raw.orElseThrow(), "a valid value (" + e.getMessage() + ")");
    }
  }

  private static ExtensionConfigurationException invalid(
      String key, String value, String expected) {
    return new ExtensionConfigurationException(
        "configuration parameter "
            + key
            + " is '"
            + value
            + "' but must be "
            + expected
            + "; set it with -D"
            + key
            + "=… or in junit-platform.properties");
  }
}
