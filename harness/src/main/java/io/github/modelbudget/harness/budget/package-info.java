/**
 * Budgets: the limits a model variant must stay within ({@link
 * io.github.modelbudget.harness.budget.Budget}), their check that reports every violation at once
 * ({@link io.github.modelbudget.harness.budget.BudgetCheck}), and budget files in JSON or YAML
 * ({@link io.github.modelbudget.harness.budget.BudgetFile}).
 */
package io.github.modelbudget.harness.budget;
