package io.github.modelbudget.optimizer.search;

import io.github.modelbudget.harness.budget.BudgetOutcome;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.List;
import java.util.Objects;

/**
 * One evaluated variant of a search.
 *
 * @param name the variant's name, e.g. {@code int8_sparse50_float1}
 * @param mode how it stores its weights
 * @param sparsity the pruning level it was made with
 * @param keptFloat the baseline layers (operator outputs) it keeps float, most harmed first
 * @param model the model
 * @param zipBytes its ZIP size
 * @param outcome its budget outcome
 */
public record Candidate(
    String name,
    QuantizationMode mode,
    double sparsity,
    List<String> keptFloat,
    TfliteModel model,
    long zipBytes,
    BudgetOutcome outcome) {

  /** Validates and copies. */
  public Candidate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    keptFloat = List.copyOf(keptFloat);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * Tells whether the candidate meets every error-level limit.
   *
   * @return {@code true} if it has no error-level violation
   */
  public boolean passed() {
    return outcome.errors().isEmpty();
  }
}
