package io.github.modelbudget.harness.budget;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Limits and settings a budget file sets for the variants whose name matches a pattern, on top of
 * its default budget.
 *
 * @param pattern a variant name, or a glob where {@code *} matches any run of characters and {@code
 *     ?} one character
 * @param limits the limits it sets
 * @param level the budget level it sets, if any
 * @param alpha the significance level it sets, if any
 * @param significantDropsOnly the drop policy it sets, if any
 * @param topK the {@code k} of top-k limits it sets, if any
 */
public record BudgetOverride(
    String pattern,
    Map<Metric, Limit> limits,
    Optional<Level> level,
    OptionalDouble alpha,
    Optional<Boolean> significantDropsOnly,
    OptionalInt topK) {

  /** Validates and copies. */
  public BudgetOverride {
    Objects.requireNonNull(pattern, "pattern");
    EnumMap<Metric, Limit> copy = new EnumMap<>(Metric.class);
    copy.putAll(limits);
    limits = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(alpha, "alpha");
    Objects.requireNonNull(significantDropsOnly, "significantDropsOnly");
    Objects.requireNonNull(topK, "topK");
  }

  /**
   * Creates an override that sets no {@code k}.
   *
   * @param pattern a variant name or a glob
   * @param limits the limits it sets
   * @param level the budget level it sets, if any
   * @param alpha the significance level it sets, if any
   * @param significantDropsOnly the drop policy it sets, if any
   */
  public BudgetOverride(
      String pattern,
      Map<Metric, Limit> limits,
      Optional<Level> level,
      OptionalDouble alpha,
      Optional<Boolean> significantDropsOnly) {
    this(pattern, limits, level, alpha, significantDropsOnly, OptionalInt.empty());
  }

  /**
   * Tells whether the pattern is a glob rather than a plain name.
   *
   * @return {@code true} if it holds {@code *} or {@code ?}
   */
  public boolean isGlob() {
    return pattern.contains("*") || pattern.contains("?");
  }

  /**
   * Tells whether a variant's name matches the pattern.
   *
   * @param variant the variant's name
   * @return {@code true} if it matches
   */
  public boolean matches(String variant) {
    StringBuilder regex = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      switch (ch) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return variant.matches(regex.toString());
  }
}
