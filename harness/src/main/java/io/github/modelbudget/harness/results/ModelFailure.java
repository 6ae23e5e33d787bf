package io.github.modelbudget.harness.results;

import java.util.Objects;

/**
 * A model of a run that could not be measured: its file could not be loaded, or the runtime refused
 * it. The run goes on with the other models and records the failure here.
 *
 * @param name the model's name in the run
 * @param sha256 the digest of its bytes
 * @param origin the file or resource it came from
 * @param message what went wrong, as the exception said it
 */
public record ModelFailure(String name, String sha256, String origin, String message) {

  /** Validates. */
  public ModelFailure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(message, "message");
  }
}
