package io.github.modelbudget.optimizer.search;

import io.github.modelbudget.harness.results.RunRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a {@link BudgetSearch}.
 *
 * @param candidates every candidate evaluated, in the order they were tried
 * @param evaluations how many times a model was evaluated on the data, the baseline included
 * @param record the run record: the baseline and every candidate with its budget outcome
 */
public record SearchResult(List<Candidate> candidates, int evaluations, RunRecord record) {

  /** Validates and copies. */
  public SearchResult {
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(record, "record");
  }

  /**
   * Returns the smallest candidate (by ZIP size) that meets every error-level limit.
   *
   * @return the candidate, or empty if none does
   */
  public Optional<Candidate> best() {
    return candidates.stream()
        .filter(Candidate::passed)
        .min(Comparator.comparingLong(Candidate::zipBytes));
  }

  /**
   * Returns the candidates closest to the budget: fewest error-level violations, then smallest.
   *
   * @param count how many
   * @return at most {@code count} candidates, closest first
   */
  public List<Candidate> closest(int count) {
    return candidates.stream()
        .sorted(
            Comparator.comparingInt((Candidate c) -> c.outcome().errors().size())
                .thenComparingLong(Candidate::zipBytes))
        .limit(count)
        .toList();
  }
}
