package io.github.modelbudget.junit;

import io.github.modelbudget.harness.format.ModelInfo;
import io.github.modelbudget.harness.format.ModelSizes;
import io.github.modelbudget.harness.format.TfliteModel;

/** A variant with its inspection and sizes, computed once when the variant set is loaded. */
record VariantUnderTest(
    String name, boolean isBaseline, TfliteModel model, ModelInfo info, ModelSizes sizes) {

  static VariantUnderTest of(TfliteModel model, boolean baseline) {
    return new VariantUnderTest(
        model.name(), baseline, model, model.inspect(), ModelSizes.of(model));
  }

  @Override
  public String toString() {
    return "variant '" + name + "' (" + model.origin() + ")";
  }
}
