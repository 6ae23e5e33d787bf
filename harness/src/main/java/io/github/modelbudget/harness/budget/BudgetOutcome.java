package io.github.modelbudget.harness.budget;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of checking one variant against one budget: every violation, warnings included.
 *
 * @param variant the variant's name
 * @param checked the metrics checked, whether met or not
 * @param violations every violation, in metric order
 * @param notApplicable the budget's limits that do not apply to this variant: those relative to the
 *     baseline, when the variant is the baseline itself
 * @param limits every checked limit with the measured value, met or not, in metric order
 * @param declaredBy where the budget was declared: a test method ({@code
 *     QuickDrawModelsTest.staysWithinBudget}), a budget file, or empty if not said
 */
public record BudgetOutcome(
    String variant,
    List<Metric> checked,
    List<Violation> violations,
    List<Metric> notApplicable,
    List<LimitCheck> limits,
    String declaredBy) {

  /** Validates and copies; fields that records written by older versions lack read as empty. */
  public BudgetOutcome {
    Objects.requireNonNull(variant, "variant");
    checked = List.copyOf(checked);
    violations = List.copyOf(violations);
    notApplicable = notApplicable == null ? List.of() : List.copyOf(notApplicable);
    limits = limits == null ? List.of() : List.copyOf(limits);
    declaredBy = declaredBy == null ? "" : declaredBy;
  }

  /**
   * Creates the outcome of a budget every limit of which applied, without the limits' values.
   *
   * @param variant the variant's name
   * @param checked the metrics checked
   * @param violations every violation
   */
  public BudgetOutcome(String variant, List<Metric> checked, List<Violation> violations) {
    this(variant, checked, violations, List.of(), List.of(), "");
  }

  /**
   * Returns a copy that says where the budget was declared.
   *
   * @param source a test method, a budget file, …
   * @return the new outcome
   */
  public BudgetOutcome withDeclaredBy(String source) {
    return new BudgetOutcome(variant, checked, violations, notApplicable, limits, source);
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

  /**
   * Says how many limits were checked and which were not applicable to the baseline, as the command
   * line's {@code check} and the Maven plugin's {@code check} print it beside a variant.
   *
   * @return e.g. {@code 3 limit(s) checked; not applicable to the baseline: maxAccuracyDrop}, or
   *     {@code no limit checked: the budget sets none for it}
   */
  public String checkedSummary() {
    String checkedText =
        checked.isEmpty()
            ? "no limit checked: the budget sets none for it"
            : checked.size() + " limit(s) checked";
    if (notApplicable.isEmpty()) {
      return checkedText;
    }
    return checkedText
        + "; not applicable to the baseline: "
        + notApplicable.stream().map(Metric::key).collect(Collectors.joining(", "));
  }
}
