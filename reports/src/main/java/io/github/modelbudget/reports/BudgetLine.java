package io.github.modelbudget.reports;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.budget.LimitCheck;
import io.github.modelbudget.harness.budget.Metric;
import io.github.modelbudget.harness.results.VariantRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One limit of a variant's budget as a report shows it: who declared it, the limit, the measured
 * value, how much room is left, and whether it held.
 *
 * @param declaredBy the test method or budget file that declared the budget, or {@code —}
 * @param metric the metric's key in budget files, e.g. {@code maxZipSize}
 * @param label the metric's name in sentences, e.g. {@code zipped size}
 * @param limit the limit as written, e.g. {@code 8 kB}
 * @param measured the measured value, formatted in the metric's unit
 * @param margin the room left ({@code 1.2 kB to spare}) or the excess ({@code 310 B over})
 * @param status {@code met}, {@code violated}, {@code warning}, {@code not measured} or {@code not
 *     applicable}
 * @param statusClass the CSS class of the status: ok, fail, warn or none
 * @param note why a value over its limit still held, or empty
 */
record BudgetLine(
    String declaredBy,
    String metric,
    String label,
    String limit,
    String measured,
    String margin,
    String status,
    String statusClass,
    String note) {

  /** Every limit of every budget checked for a variant, in the order the budgets were checked. */
  static List<BudgetLine> of(VariantRecord variant) {
    List<BudgetLine> lines = new ArrayList<>();
    for (BudgetOutcome outcome : variant.budgets()) {
      String source = outcome.declaredBy().isEmpty() ? Formats.NONE : outcome.declaredBy();
      for (LimitCheck limit : outcome.limits()) {
        lines.add(of(source, limit));
      }
      for (Metric metric : outcome.notApplicable()) {
        lines.add(
            new BudgetLine(
                source,
                metric.key(),
                metric.label(),
                Formats.NONE,
                Formats.NONE,
                Formats.NONE,
                "not applicable",
                "none",
                "relative to the baseline, which this variant is"));
      }
    }
    return List.copyOf(lines);
  }

  private static BudgetLine of(String source, LimitCheck limit) {
    Metric metric = limit.metric();
    String measured =
        limit.actual().isPresent()
            ? metric.format(limit.actual().getAsDouble(), limit.limit())
            : Formats.NONE;
    String margin = Formats.NONE;
    if (limit.margin().isPresent()) {
      double room = limit.margin().getAsDouble();
      margin = metric.format(Math.abs(room), limit.limit()) + (room >= 0 ? " to spare" : " over");
    }
    String status;
    String statusClass;
    if (limit.actual().isEmpty()) {
      status = "not measured";
      statusClass = limit.level().key().equals("warn") ? "warn" : "fail";
    } else if (limit.met()) {
      status = "met";
      statusClass = "ok";
    } else if (limit.level().key().equals("warn")) {
      status = "warning";
      statusClass = "warn";
    } else {
      status = "violated";
      statusClass = "fail";
    }
    return new BudgetLine(
        source,
        metric.key(),
        limit.label(),
        limit.limit(),
        measured,
        margin,
        status,
        statusClass,
        limit.note());
  }
}
