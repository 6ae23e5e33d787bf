package io.github.modelbudget.junit;

import java.util.List;
import java.util.Optional;

/** The variants found for one {@link ModelVariants} declaration, the baseline first. */
record VariantSet(String location, List<VariantUnderTest> variants) {

  VariantSet {
    variants = List.copyOf(variants);
  }

  VariantUnderTest baseline() {
    return variants.get(0);
  }

  Optional<VariantUnderTest> find(String name) {
    return variants.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  List<String> names() {
    return variants.stream().map(VariantUnderTest::name).toList();
  }
}
