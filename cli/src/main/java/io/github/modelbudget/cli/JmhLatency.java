package io.github.modelbudget.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modelbudget.harness.ModelBudgetException;
import io.github.modelbudget.harness.eval.LatencyStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads single-sample latencies from a JMH JSON result file ({@code -rf json}): every result in
 * {@code sample} mode with a {@code variant} parameter, at the chosen {@code threads} and {@code
 * xnnpack} parameters, summarised from its histogram as TFLite's {@code benchmark_model} would.
 */
final class JmhLatency {

  private JmhLatency() {}

  /** Thrown when the JMH file is missing or not a JMH JSON result. */
  static final class InvalidJmhResultException extends ModelBudgetException {
    private static final long serialVersionUID = 1L;

    InvalidJmhResultException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Returns the latency of each variant, keyed by the lower-cased {@code variant} parameter.
   *
   * @throws InvalidJmhResultException if the file cannot be read or is not JMH's JSON
   */
  static Map<String, LatencyStats> read(Path file, int threads, boolean xnnpack) {
    JsonNode results;
    try {
      results = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new InvalidJmhResultException(
          file + ": no such file: expected JMH's JSON result (-rf json -rff FILE)", e);
    } catch (IOException e) {
      throw new InvalidJmhResultException(
          file + ": not JMH's JSON result: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (results == null || !results.isArray()) {
      throw new InvalidJmhResultException(
          file + ": expected a JSON array of JMH results but found " + describe(results), null);
    }
    Map<String, LatencyStats> latencies = new LinkedHashMap<>();
    for (JsonNode result : results) {
      JsonNode params = result.path("params");
      if (!"sample".equals(result.path("mode").asText())
          || !params.has("variant")
          || !matches(params, "threads", Integer.toString(threads))
          || !matches(params, "xnnpack", Boolean.toString(xnnpack))) {
        continue;
      }
      JsonNode metric = result.path("primaryMetric");
      String variant = params.get("variant").asText().toLowerCase(Locale.ROOT);
      latencies.put(
          variant,
          fromHistogram(
              metric.path("rawDataHistogram"), nanosPer(file, metric.path("scoreUnit").asText())));
    }
    return latencies;
  }

  private static boolean matches(JsonNode params, String key, String value) {
    return !params.has(key) || params.get(key).asText().equals(value);
  }

  private static String describe(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static double nanosPer(Path file, String unit) {
    return switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1e3;
      case "ms/op" -> 1e6;
      case "s/op" -> 1e9;
      default ->
          throw new InvalidJmhResultException(
              file
                  + ": expected a time per operation (ns/op, us/op, ms/op, s/op) but found '"
                  + unit
                  + "'",
              null);
    };
  }

  /** Summarises a histogram [fork][iteration][[value, count]…] with nearest-rank percentiles. */
  static LatencyStats fromHistogram(JsonNode forks, double nanosPerUnit) {
    TreeMap<Long, Long> counts = new TreeMap<>();
    for (JsonNode iterations : forks) {
      for (JsonNode iteration : iterations) {
        for (JsonNode bin : iteration) {
          long nanos = Math.round(bin.get(0).asDouble() * nanosPerUnit);
          counts.merge(nanos, bin.get(1).asLong(), Long::sum);
        }
      }
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      throw new IllegalArgumentException("the histogram holds no sample");
    }
    double sum = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      sum += (double) e.getKey() * e.getValue();
    }
    double mean = sum / total;
    double squares = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      squares += (e.getKey() - mean) * (e.getKey() - mean) * e.getValue();
    }
    List<Long> ranks = new ArrayList<>();
    for (int percent : new int[] {5, 50, 95}) {
      ranks.add(Math.max(1, (long) Math.ceil(percent / 100.0 * total)));
    }
    long[] percentiles = new long[ranks.size()];
    long seen = 0;
    int next = 0;
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      seen += e.getValue();
      while (next < ranks.size() && seen >= ranks.get(next)) {
        percentiles[next++] = e.getKey();
      }
    }
    return new LatencyStats(
        (int) Math.min(Integer.MAX_VALUE, total),
        mean,
        Math.sqrt(squares / total),
        counts.firstKey(),
        percentiles[0],
        percentiles[1],
        percentiles[2],
        counts.lastKey());
  }
}
