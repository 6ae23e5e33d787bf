package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.List;
import java.util.Objects;

/**
 * The one line at the top of a report: whether every budget was met.
 *
 * @param budgetsChecked the number of budget outcomes in the run, over all variants
 * @param violations the violations at level {@code error}
 * @param warnings the violations at level {@code warn}
 * @param passed {@code true} if there is no error-level violation
 * @param headline e.g. {@code "All budgets met"} or {@code "2 violations, 1 warning"}
 */
public record Verdict(
    int budgetsChecked, int violations, int warnings, boolean passed, String headline) {

  /** Validates. */
  public Verdict {
    Objects.requireNonNull(headline, "headline");
  }

  /**
   * Counts the violations of every budget outcome of the variants.
   *
   * @param variants the variants
   * @return the verdict
   */
  public static Verdict of(List<VariantRecord> variants) {
    int checked = 0;
    int errors = 0;
    int warnings = 0;
    for (VariantRecord variant : variants) {
      for (BudgetOutcome outcome : variant.budgets()) {
        checked++;
        errors += outcome.errors().size();
        warnings += outcome.warnings().size();
      }
    }
    String headline;
    if (checked == 0) {
      headline = "No budgets checked";
    } else if (errors == 0) {
      headline = "All budgets met" + (warnings == 0 ? "" : ", " + plural(warnings, "warning"));
    } else {
      headline = plural(errors, "violation") + ", " + plural(warnings, "warning");
    }
    return new Verdict(checked, errors, warnings, errors == 0, headline);
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
