package io.github.modelbudget.reports;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Names a model's weight storage from its parameter counts per element type. */
final class WeightTypes {

  private WeightTypes() {}

  /**
   * Describes the weights as a reader of a size comparison thinks of them.
   *
   * @param parametersByType the parameter count per element type, e.g. {@code {FLOAT32=12,
   *     INT8=2700}}
   * @return {@code float32}, {@code int8 hybrid} (int8 weights with float biases, dynamic-range
   *     quantization), {@code int8} (full integer), {@code float16}, or the types joined,
   *     lowercased
   */
  static String describe(Map<String, Long> parametersByType) {
    Map<String, Long> present =
        parametersByType.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    boolean float32 = present.containsKey("FLOAT32");
    boolean int8 = present.containsKey("INT8") || present.containsKey("UINT8");
    if (present.isEmpty()) {
      return "none";
    }
    if (int8 && float32) {
      return "int8 hybrid";
    }
    if (int8 && present.keySet().stream().allMatch(t -> t.matches("U?INT(8|16|32)"))) {
      return "int8";
    }
    if (present.size() == 1) {
      return present.keySet().iterator().next().toLowerCase(Locale.ROOT);
    }
    return present.keySet().stream()
        .sorted()
        .map(t -> t.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(" + "));
  }
}
