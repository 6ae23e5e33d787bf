package io.github.modelbudget.optimizer.variants;

import io.github.modelbudget.harness.format.TfliteModel;
import java.util.Objects;

/**
 * One member of the standard family.
 *
 * @param name the member's name, also its file name without {@code .tflite}, e.g. {@code float16}
 * @param model the model, named {@code name}
 * @param how how it was made, in words, e.g. the quantizer's summary
 */
public record Variant(String name, TfliteModel model, String how) {

  /** Validates. */
  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(how, "how");
  }

  /**
   * Returns the file name the variant is written to.
   *
   * @return e.g. {@code float16.tflite}
   */
  public String fileName() {
    return name + ".tflite";
  }
}
