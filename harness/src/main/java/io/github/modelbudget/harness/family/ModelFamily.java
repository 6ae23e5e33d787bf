package io.github.modelbudget.harness.family;

import io.github.modelbudget.harness.budget.Measurements;
import io.github.modelbudget.harness.format.InvalidModelException;
import io.github.modelbudget.harness.format.TfliteModel;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A baseline and its variants: the central concept of ModelBudget.
 *
 * <p>Each member has a name that is unique in the family: the model's file name without {@code
 * .tflite}, or, where two files share that name (two {@code mnist_model.tflite} in two folders),
 * the path that tells them apart ({@code a/mnist_model}, {@code b/mnist_model}). A name is a label
 * for people; evaluations are keyed by the model's digest.
 *
 * <pre>{@code
 * ModelFamily family = ModelFamily.inDirectory(Path.of("models"), "baseline");
 * RunRecord record = FamilyRun.of(family, data, Evaluator.defaults()).evaluateAll().record();
 * }</pre>
 */
public final class ModelFamily {

  private static final String TFLITE = ".tflite";

  private final String location;
  private final List<FamilyMember> members;

  private ModelFamily(String location, List<FamilyMember> members) {
    this.location = location;
    this.members = List.copyOf(members);
  }

  /**
   * Makes a family of a baseline and its variants, in that order.
   *
   * @param location where the models were found, for messages
   * @param baseline the baseline
   * @param variants the variants
   * @return the family
   */
  public static ModelFamily of(String location, TfliteModel baseline, List<TfliteModel> variants) {
    Objects.requireNonNull(baseline, "baseline");
    List<TfliteModel> all = new ArrayList<>();
    all.add(baseline);
    all.addAll(variants);
    List<TfliteModel> labelled = uniqueNames(all);
    List<FamilyMember> members = new ArrayList<>();
    for (int i = 0; i < labelled.size(); i++) {
      members.add(FamilyMember.of(labelled.get(i), i == 0));
    }
    return new ModelFamily(location, members);
  }

  /**
   * Makes a family of models, one of which is the baseline, given by its name ({@code baseline}),
   * its file name ({@code baseline.tflite}) or the path of its file ({@code
   * models/baseline.tflite}), which must then be one of the models: the baseline means one thing
   * wherever it is named.
   *
   * @param location where the models were found, for messages
   * @param models the models, in the order the family keeps (after the baseline)
   * @param baseline the baseline's name, file name or file
   * @return the family
   * @throws InvalidModelException if no model is that baseline, or several are
   */
  public static ModelFamily named(String location, List<TfliteModel> models, String baseline) {
    Objects.requireNonNull(baseline, "baseline");
    List<TfliteModel> matching =
        models.stream().filter(m -> isBaseline(m, baseline, location)).toList();
    if (matching.isEmpty() && asFile(baseline, location).getParent() != null) {
      throw new InvalidModelException(
          location,
          "the baseline file "
              + baseline
              + " is not one of the models found here "
              + models.stream().map(TfliteModel::name).toList()
              + "; a family's baseline is one of its models (give its name, e.g. "
              + stem(baseline)
              + ", or its file in the folder)");
    }
    if (matching.size() != 1) {
      throw new InvalidModelException(
          location,
          (matching.isEmpty() ? "no baseline model '" : "more than one baseline model '")
              + stem(baseline)
              + ".tflite'; found "
              + models.stream().map(TfliteModel::name).toList()
              + ": name the baseline file "
              + stem(baseline)
              + ".tflite, or choose another baseline");
    }
    TfliteModel base = matching.get(0);
    return of(location, base, models.stream().filter(m -> m != base).toList());
  }

  private static boolean isBaseline(TfliteModel model, String baseline, String location) {
    if (!baseline.endsWith(TFLITE)) {
      return model.name().equals(baseline);
    }
    Path file = asFile(baseline, location);
    if (file.getParent() == null) {
      return model.name().equals(stem(baseline));
    }
    return model.path().map(p -> sameFile(p, file)).orElse(false);
  }

  private static Path asFile(String baseline, String location) {
    if (!baseline.endsWith(TFLITE)) {
      return Path.of("");
    }
    try {
      return Path.of(baseline);
    } catch (InvalidPathException e) {
      throw new InvalidModelException(
          location, "the baseline '" + baseline + "' is not a valid file name: " + e.getReason());
    }
  }

  private static boolean sameFile(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  private static String stem(String baseline) {
    String file = baseline.replace('\\', '/');
    file = file.substring(file.lastIndexOf('/') + 1);
    return file.endsWith(TFLITE) ? file.substring(0, file.length() - TFLITE.length()) : file;
  }

  /**
   * Reads every {@code .tflite} file of a folder (sorted by name) as a family.
   *
   * @param directory the folder
   * @param baseline the baseline's name, e.g. {@code baseline}, or its file (see {@link #named})
   * @return the family
   * @throws InvalidModelException if the folder is missing, holds no model, has no baseline, or a
   *     file is not a valid model
   */
  public static ModelFamily inDirectory(Path directory, String baseline) {
    return named(
        directory.toString(),
        ModelLocations.directory(directory, List.of("*.tflite"), List.of()),
        baseline);
  }

  /**
   * Returns where the models were found.
   *
   * @return a folder, {@code classpath:…}, or what the caller said
   */
  public String location() {
    return location;
  }

  /**
   * Returns every member, the baseline first.
   *
   * @return the members
   */
  public List<FamilyMember> members() {
    return members;
  }

  /**
   * Returns the baseline.
   *
   * @return the first member
   */
  public FamilyMember baseline() {
    return members.get(0);
  }

  /**
   * Returns the members other than the baseline.
   *
   * @return the variants, in the family's order
   */
  public List<FamilyMember> variants() {
    return members.subList(1, members.size());
  }

  /**
   * Finds a member by name.
   *
   * @param name the member's name
   * @return the member, or empty
   */
  public Optional<FamilyMember> member(String name) {
    return members.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * Returns the members' names, the baseline first.
   *
   * @return the names
   */
  public List<String> names() {
    return members.stream().map(FamilyMember::name).toList();
  }

  /**
   * Returns what a budget can be checked against for a member without evaluating it: its sizes, the
   * baseline's sizes and its nonzero parameters. The baseline's measurements say so, so that limits
   * relative to the baseline do not apply to it ({@link
   * io.github.modelbudget.harness.budget.BudgetCheck}).
   *
   * @param member a member of this family
   * @return the measurements
   */
  public Measurements measurements(FamilyMember member) {
    Measurements measured =
        Measurements.of(member.name())
            .withSizes(member.sizes())
            .withBaselineSizes(baseline().sizes())
            .withNonzeroParameters(member.info().nonzeroParameterCount());
    return member.isBaseline() ? measured.asBaseline() : measured;
  }

  /**
   * Gives models that share a name the part of their path that tells them apart. Models without a
   * path (bytes, classpath resources) that still collide are numbered.
   */
  static List<TfliteModel> uniqueNames(List<TfliteModel> models) {
    Map<String, Integer> count = new HashMap<>();
    models.forEach(m -> count.merge(m.name(), 1, Integer::sum));
    List<TfliteModel> named = new ArrayList<>(models.size());
    Map<String, Integer> seen = new HashMap<>();
    for (TfliteModel model : models) {
      if (count.get(model.name()) == 1) {
        named.add(model);
        continue;
      }
      List<Path> clashing =
          models.stream()
              .filter(m -> m.name().equals(model.name()))
              .map(m -> m.path().map(p -> p.toAbsolutePath().normalize()).orElse(null))
              .toList();
      Optional<String> label = model.path().flatMap(p -> distinguishingPath(p, clashing));
      int n = seen.merge(model.name(), 1, Integer::sum);
      named.add(model.withName(label.orElse(model.name() + "#" + n)));
    }
    return named;
  }

  /** The path below the deepest folder the clashing files share, without {@code .tflite}. */
  private static Optional<String> distinguishingPath(Path file, List<Path> clashing) {
    if (clashing.contains(null)) {
      return Optional.empty();
    }
    Path common = clashing.get(0).getParent();
    for (Path other : clashing) {
      while (common != null && !other.startsWith(common)) {
        common = common.getParent();
      }
    }
    Path own = file.toAbsolutePath().normalize();
    if (common == null || own.getNameCount() - common.getNameCount() < 2) {
      return Optional.empty();
    }
    String relative = common.relativize(own).toString().replace('\\', '/');
    return Optional.of(
        relative.endsWith(".tflite")
            ? relative.substring(0, relative.length() - ".tflite".length())
            : relative);
  }

  @Override
  public String toString() {
    return "model family " + names() + " in " + location;
  }
}
