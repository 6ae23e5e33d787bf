package io.github.modelbudget.harness.family;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;

/**
 * One model of a {@link ModelFamily}, with its inspection and sizes computed once.
 *
 * @param name the member's label in the family, unique within it (the model is identified by its
 *     digest, never by this name)
 * @param isBaseline whether it is the family's baseline
 * @param model the model, named {@code name}
 * @param info its inspection
 * @param sizes its raw, gzip and ZIP sizes
 */
public record FamilyMember(
    String name, boolean isBaseline, TfliteModel model, ModelInfo info, ModelSizes sizes) {

  /** Validates. */
  public FamilyMember {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(sizes, "sizes");
  }

  static FamilyMember of(TfliteModel model, boolean baseline) {
    return new FamilyMember(model.name(), baseline, model, model.inspect(), ModelSizes.of(model));
  }

  /**
   * Returns the digest of the model's bytes, the member's identity.
   *
   * @return 64 lower-case hex digits
   */
  public String sha256() {
    return model.sha256();
  }

  @Override
  public String toString() {
    return "'" + name + "' (" + model.origin() + ")";
  }
}
