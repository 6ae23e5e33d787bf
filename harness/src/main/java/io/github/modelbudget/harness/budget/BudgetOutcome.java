package io.github.modelbudget.harness.budget;

import java.util.List;
import java.util.Objects;

/**
 * The result of checking one variant against one budget: every violation, warnings included.
 *
 * @param variant the variant's name
 * @param checked the metrics the budget limits, whether met or not
 * @param violations every violation, in metric order
 */
public record BudgetOutcome(String variant, List<Metric> checked, List<Violation> violations) {

  /** Validates and copies. */
  public BudgetOutcome {
    Objects.requireNonNull(variant, "variant");
    checked = List.copyOf(checked);
    violations = List.copyOf(violations);
  }

  /**
   * Tells whether the variant passes: no violation at level {@code error}.
   *
   * @return {@code true} if only warnings (or nothing) were found
   */
  public boolean passed() {
    return errors().isEmpty();
  }

  /**
   * Returns the violations at level {@code error}.
   *
   * @return the errors
   */
  public List<Violation> errors() {
    return violations.stream().filter(v -> v.level() == Level.ERROR).toList();
  }

  /**
   * Returns the violations at level {@code warn}.
   *
   * @return the warnings
   */
  public List<Violation> warnings() {
    return violations.stream().filter(v -> v.level() == Level.WARN).toList();
  }

  /**
   * Returns every violation's message, one per line, errors marked as such.
   *
   * @return the summary, empty if nothing was violated
   */
  public String summary() {
    StringBuilder text = new StringBuilder();
    for (Violation v : violations) {
      text.append(variant).append(": ").append(v.level().key()).append(": ");
      text.append(v.message()).append('\n');
    }
    return text.toString();
  }
}
