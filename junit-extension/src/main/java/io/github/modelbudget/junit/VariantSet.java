package io.github.modelbudget.junit;

import io.github.modelbudget.harness.family.FamilyMember;
import io.github.modelbudget.harness.family.ModelFamily;
import java.util.List;
import java.util.Optional;

/**
 * The model family one {@link ModelVariants} declaration names, with the declaration it came from
 * (the cache key of its evaluations and its run record).
 */
record VariantSet(VariantDiscovery.Source source, ModelFamily family) {

  String location() {
    return family.location();
  }

  List<FamilyMember> variants() {
    return family.members();
  }

  FamilyMember baseline() {
    return family.baseline();
  }

  Optional<FamilyMember> find(String name) {
    return family.member(name);
  }

  List<String> names() {
    return family.names();
  }
}
